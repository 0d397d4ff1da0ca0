/* Simulation « recherche » (1.1): a results page with sponsored results, addresses,
   dates and authors; a date filter; a few queries the scenario knows (for example the
   same words between quotes). Opening a result shows its page: author, date, who
   publishes the site. Nothing leaves the frame. */
(function () {
  "use strict";
  var el = Sim.el;

  function ad(title, url, snippet) { return {ad: true, title: title, url: url, snippet: snippet}; }
  function hit(title, url, age, snippet, page) {
    return {title: title, url: url, age: age, snippet: snippet, page: page};
  }
  function page(author, about, text, age) { return {author: author, about: about, text: text, age: age}; }

  var SCENARIOS = {
    "1": {
      query: "fabriquer un cerf-volant",
      searches: [{needs: "", results: [
        ad("Cerfs-volants à prix mini, livrés en 24 h", "https://www.boutique-cerfs-volants.example/promo",
           "Plus de 200 modèles en stock. Moins 30 % sur les cerfs-volants acrobatiques."),
        ad("Kit cerf-volant à monter soi-même", "https://jouets-plein-air.example/kit-cerf-volant",
           "Tout le matériel dans une boîte : toile, baguettes et fil. Commande en ligne."),
        hit("Fabriquer un cerf-volant en papier : le pas à pas", "https://atelier-bricolage.example/fiches/cerf-volant", 400,
            "Il te faut deux baguettes, du papier solide, de la ficelle et du ruban adhésif.",
            page("Lucie Martin, animatrice d'ateliers de bricolage", "Fiches de bricolage écrites par une association d'animateurs.",
                 ["Croise les deux baguettes et attache-les avec la ficelle.", "Tends le papier sur le cadre et colle les bords.", "Ajoute une queue en ruban pour que le cerf-volant reste stable."])),
        hit("Pourquoi un cerf-volant vole-t-il ?", "https://sciences-en-jeu.example/vent/cerf-volant", 900,
            "Le vent pousse la toile et la ficelle la retient : c'est ce qui le fait monter.",
            page("Karim Haddad, professeur de physique", "Site de vulgarisation scientifique d'un collectif d'enseignants.",
                 ["Le vent appuie sur la toile inclinée. Retenue par la ficelle, elle est poussée vers le haut."])),
        hit("Fête du vent : le programme", "https://fete-du-vent.example/programme", 60,
            "Concours de cerfs-volants, ateliers pour les enfants, samedi et dimanche.",
            page("Comité des fêtes", "Site d'une fête locale.", ["Ateliers de fabrication le samedi matin, concours le dimanche."]))
      ]}]
    },
    "2": {
      query: "combien de temps vit une abeille",
      searches: [{needs: "", results: [
        hit("Les abeilles vivent combien de temps ??", "https://forum-ados.example/sujet/abeilles", 3300,
            "jsp mais ma grand-mère dit 1 an, quelqu'un sait ?",
            page("un pseudo, « Zzz_du_13 »", "Forum de discussion : tout le monde peut y écrire, rien n'est vérifié.",
                 ["jsp mais ma grand-mère dit 1 an, quelqu'un sait ?", "Réponse : moi j'ai lu 3 jours lol"])),
        hit("Incroyable : les abeilles vivent 10 ans !", "https://info-insolite.example/abeilles-10-ans", 700,
            "Vous n'allez pas en croire vos yeux : découvrez le secret des abeilles.",
            page("« La rédaction » (aucun nom)", "Site d'anecdotes financé par la publicité. Aucune source n'est citée.",
                 ["Les abeilles vivraient 10 ans grâce à leur miel magique. Partagez vite cet article !"])),
        hit("L'abeille domestique : une vie courte et bien remplie", "https://museum-sciences-naturelles.example/insectes/abeille", 90,
            "En été, une abeille ouvrière vit quelques semaines ; la reine, plusieurs années.",
            page("Claire Dubreuil, entomologiste (spécialiste des insectes) au muséum",
                 "Site d'un muséum public d'histoire naturelle. Les articles sont relus par l'équipe scientifique et citent leurs sources.",
                 ["En été, une abeille ouvrière vit environ cinq à six semaines : elle s'use vite à butiner.",
                  "Les ouvrières nées à l'automne passent l'hiver dans la ruche et vivent plusieurs mois.",
                  "La reine peut vivre plusieurs années."])),
        hit("Abeilles au jardin : nos conseils et notre boutique", "https://mon-jardin-facile.example/blog/abeilles", null,
            "Attirez les abeilles avec nos ruches en bois, en promotion cette semaine.",
            page("non indiqué", "Blog d'une boutique qui vend des ruches et du matériel de jardin.",
                 ["Une abeille vit longtemps si elle a une belle ruche : découvrez nos modèles."]))
      ]}]
    },
    "3": {
      query: "éclipse de Lune",
      searches: [{needs: "", results: [
        hit("Comment se produit une éclipse de Lune ?", "https://astronomie-pour-tous.example/eclipse-lune-explications", 2200,
            "La Terre passe entre le Soleil et la Lune : son ombre cache la Lune.",
            page("Association d'astronomes amateurs", "Site d'une association d'astronomie.", ["La Terre passe entre le Soleil et la Lune."])),
        hit("Soirée d'observation de l'éclipse au club", "https://club-astro-rochebrune.example/agenda", 20,
            "Le club ouvre ses télescopes au public pour la prochaine éclipse.",
            page("Club d'astronomie de Rochebrune", "Site d'un club local.", ["Rendez-vous au stade à 21 h, télescopes fournis."])),
        hit("Éclipse de Lune ce soir : à quelle heure la regarder", "https://actu-ciel.example/eclipse-ce-soir", 2,
            "Les horaires et les conseils pour observer l'éclipse depuis chez toi.",
            page("Inès Morel, journaliste scientifique", "Site d'actualité sur l'astronomie.", ["L'éclipse sera visible à l'œil nu, sans protection particulière."])),
        hit("Les éclipses expliquées aux enfants", "https://planetarium-ville.example/eclipses", 730,
            "Une vidéo et un schéma pour comprendre les éclipses de Soleil et de Lune.",
            page("Planétarium de la ville", "Site d'un planétarium municipal.", ["Une éclipse de Lune peut se regarder sans lunettes spéciales."])),
        hit("Photographier une éclipse : 5 conseils", "https://photo-nature.example/eclipse", 45,
            "Un pied, une pose longue et de la patience.",
            page("Théo Garnier, photographe", "Blog d'un photographe.", ["Utilise un pied pour que l'image ne soit pas floue."]))
      ]}]
    },
    "4": {
      query: "chaîne des puys",
      searches: [
        {needs: "\"chaine des puys\"", results: [
          hit("La chaîne des Puys : environ 80 volcans endormis", "https://volcans-auvergne.example/chaine-des-puys", 150,
              "Une longue file de volcans au cœur du Massif central, à l'ouest de Clermont-Ferrand.",
              page("Maison des volcans", "Site d'un centre de découverte des volcans.", ["La chaîne des Puys compte environ 80 volcans."])),
          hit("Chaîne des Puys : pourquoi est-elle si connue ?", "https://geologie-junior.example/chaine-des-puys", 500,
              "Des volcans bien conservés, faciles à observer : un vrai livre de géologie à ciel ouvert.",
              page("Samia Belkacem, géologue", "Site de géologie pour les jeunes.", ["Les volcans y sont jeunes et bien conservés."]))
        ]},
        {needs: "", results: [
          ad("Chaînes à neige en promotion", "https://auto-equipement.example/chaines", "Toutes les tailles, livraison offerte."),
          hit("Recette du puits d'amour, pâtisserie d'autrefois", "https://recettes-maison.example/puits-d-amour", 300,
              "Une pâte feuilletée, de la crème pâtissière et du sucre caramélisé.",
              page("Chef Amandine", "Blog de cuisine.", ["Étale la pâte feuilletée et découpe des cercles."])),
          hit("Réparer la chaîne de son vélo", "https://velo-atelier.example/chaine", 700,
              "Un dérive-chaîne et dix minutes suffisent.",
              page("Atelier vélo associatif", "Site d'un atelier de réparation.", ["Repère le maillon abîmé."])),
          hit("Les puys de la région : 12 randonnées", "https://rando-massif.example/puys", 200,
              "Des balades pour toute la famille, avec cartes et durées.",
              page("Office de randonnée", "Site de randonnée.", ["Prévois de bonnes chaussures."]))
        ]}
      ]
    },
    "5": {
      query: "Irène Valois citation écrans",
      searches: [{needs: "", results: [
        hit("« Les smartphones rendront nos enfants plus savants que leurs maîtres », Irène Valois", "https://citations-du-jour.example/irene-valois", 30,
            "Une belle citation à partager ! Déjà 12 000 partages.",
            page("non indiqué", "Site qui publie des citations envoyées par les internautes, sans vérification.",
                 ["« Les smartphones rendront nos enfants plus savants que leurs maîtres. » Irène Valois",
                  "Partagée 12 000 fois."])),
        hit("Irène Valois, encyclopédie collaborative", "https://encyclopedie-collaborative.example/wiki/Irene_Valois", 120,
            "Irène Valois est une biologiste française, spécialiste des oiseaux migrateurs.",
            page("de nombreux contributeurs, qui citent leurs sources", "Encyclopédie en ligne écrite et corrigée par ses lecteurs ; chaque information doit avoir une source.",
                 ["Irène Valois (1891-1958) est une biologiste française. Elle a étudié les oiseaux migrateurs toute sa vie.",
                  "Elle meurt en 1958 à Rochebrune. Son livre le plus connu raconte le voyage des hirondelles."])),
        hit("Trop vraie cette citation d'Irène Valois", "https://reseau-social.example/post/88412", 3,
            "Une publication partagée avec l'image de la citation.",
            page("un compte anonyme", "Réseau social : chacun publie ce qu'il veut.", ["Trop vraie cette citation !!!"]))
      ]}]
    }
  };

  var scenario = Sim.scenario(SCENARIOS);
  if (!scenario) return;
  var input = document.getElementById("requete");
  var dateFilter = document.getElementById("date");
  var resultsSection = document.getElementById("resultats");
  var list = document.getElementById("liste");
  var count = document.getElementById("nombre");
  var heading = document.getElementById("titre-resultats");
  var pageView = document.getElementById("page");
  var current = [];

  function normalize(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[«»“”„″]/g, "\"").replace(/\s+/g, " ")
      .replace(/"\s*([^"]*?)\s*"/g, "\"$1\"").trim();
  }

  function when(age) {
    var nb = "\u00a0";  // a number and its unit stay on one line
    if (age === null || age === undefined) return "date non indiquée";
    if (age < 1) return "aujourd'hui";
    if (age < 7) return "il y a " + age + nb + (age === 1 ? "jour" : "jours");
    if (age < 31) { var w = Math.round(age / 7); return "il y a " + w + nb + (w === 1 ? "semaine" : "semaines"); }
    if (age < 365) return "il y a " + Math.round(age / 30) + nb + "mois";
    var y = Math.round(age / 365);
    return "il y a " + y + nb + (y === 1 ? "an" : "ans");
  }

  function host(url) { return url.replace(/^https?:\/\//, "").split("/")[0]; }

  function search() {
    var query = normalize(input.value);
    if (!query) { current = []; show(); return; }
    for (var i = 0; i < scenario.searches.length; i++) {
      if (query.indexOf(scenario.searches[i].needs) !== -1) { current = scenario.searches[i].results; break; }
    }
    show();
  }

  function show() {
    var limit = Number(dateFilter.value || 0);
    var shown = current.filter(function (result) {
      if (!limit) return true;
      return !result.ad && result.age !== null && result.age !== undefined && result.age < limit;
    });
    Sim.clear(list);
    shown.forEach(function (result, index) {
      var link = el("a", {href: "#", text: result.title});
      link.addEventListener("click", function (event) { event.preventDefault(); openPage(result); });
      list.appendChild(el("li", {class: "result"}, [
        el("p", {class: "url mono"}, [result.ad ? el("span", {class: "ad-badge", text: "Annonce"}) : null, result.url]),
        el("h3", {}, [link]),
        el("p", {text: result.snippet}),
        result.ad ? null : el("p", {class: "meta", text: "Publié " + when(result.age)})
      ]));
    });
    var text = shown.length === 0 ? "Aucun résultat." : shown.length === 1 ? "1 résultat." : shown.length + "\u00a0résultats.";
    count.textContent = text;
  }

  function openPage(result) {
    var facts = document.getElementById("infos-page");
    var body = document.getElementById("texte-page");
    document.getElementById("adresse-page").textContent = result.url;
    document.getElementById("titre-page").textContent = result.title;
    Sim.clear(facts);
    Sim.clear(body);
    if (result.ad) {
      [["Site", host(result.url)]].forEach(addFact);
      body.appendChild(el("p", {text: result.snippet}));
    } else {
      [["Site", host(result.url)], ["Auteur", result.page.author], ["Date", when(result.age)], ["Qui publie ce site", result.page.about]].forEach(addFact);
      result.page.text.forEach(function (paragraph) { body.appendChild(el("p", {text: paragraph})); });
    }
    function addFact(pair) { facts.appendChild(el("dt", {text: pair[0]})); facts.appendChild(el("dd", {text: pair[1]})); }
    resultsSection.hidden = true;
    pageView.hidden = false;
    document.getElementById("titre-page").focus();
  }

  document.getElementById("retour").addEventListener("click", function () {
    pageView.hidden = true;
    resultsSection.hidden = false;
    heading.focus();
  });
  /* No <form>: the frame is sandboxed without allow-forms, so a form would never submit. */
  function runSearch() {
    pageView.hidden = true;
    resultsSection.hidden = false;
    search();
    Sim.announce(count.textContent);
  }
  document.getElementById("lancer").addEventListener("click", runSearch);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); runSearch(); }
  });
  dateFilter.addEventListener("change", function () {
    show();
    Sim.announce("Filtre appliqué : " + dateFilter.options[dateFilter.selectedIndex].text + ". " + count.textContent);
  });

  input.value = scenario.query;
  search();
})();
