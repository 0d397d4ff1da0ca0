/* Simulation « messagerie » (4.1): an inbox whose messages show the sender's name; the
   real address appears on request, and a link's real target appears in the status line
   when the link is hovered or focused (as a browser does). Nothing is ever sent. */
(function () {
  "use strict";
  var el = Sim.el;

  var ENT = "ENT du collège des Tilleuls";
  var SCENARIOS = {
    "1": [
      {
        from: ENT, address: "securite@ent-tilleuls-compte.example", date: "aujourd'hui, 7 h 58",
        subject: "Ton compte va être fermé",
        body: [
          "Bonjour,",
          "Ton compte ENT sera fermé ce soir à minuit. Pour le garder, confirme ton identifiant et ton mot de passe sur la page de vérification.",
          {link: "Vérifier mon compte", href: "https://ent-tilleuls-compte.example/verification", button: true},
          "L'équipe de l'ENT"
        ]
      },
      {
        from: "Mme Lefèvre, professeure de SVT", address: "c.lefevre@college-tilleuls.example",
        date: "hier, 18 h 12", subject: "Sortie au jardin botanique",
        body: [
          "Bonjour à toutes et à tous,",
          "La sortie au jardin botanique aura lieu mardi. Pensez à apporter un carnet et un crayon.",
          "Mme Lefèvre"
        ]
      },
      {
        from: "Club théâtre", address: "club-theatre@college-tilleuls.example",
        date: "lundi, 12 h 30", subject: "Répétition jeudi",
        body: ["Salut !", "La répétition de jeudi a lieu en salle polyvalente, à 13 h.", "Le club théâtre"]
      }
    ],
    "2": [
      {
        from: "CDI du collège", address: "cdi.tilleuls@messagerie-gratuite.example",
        date: "aujourd'hui, 9 h 05", subject: "Tu as gagné une liseuse !",
        body: [
          "Bravo !",
          "Tu as été tiré au sort au concours de lecture. Pour recevoir ta liseuse, remplis le formulaire avec ton adresse et le numéro de téléphone de tes parents :",
          {link: "https://ent.college-tilleuls.example/concours", href: "https://cadeaux-lecture.example/gagnant"},
          "Attention : tu as 2 heures pour répondre."
        ]
      },
      {
        from: "Vie scolaire", address: "vie-scolaire@college-tilleuls.example",
        date: "hier, 16 h 40", subject: "Photo de classe",
        body: [
          "Bonjour,",
          "La photo de classe aura lieu vendredi matin. Le planning est sur l'ENT :",
          {link: "https://ent.college-tilleuls.example/photo-de-classe", href: "https://ent.college-tilleuls.example/photo-de-classe"},
          "La vie scolaire"
        ]
      }
    ],
    "3": [
      {
        from: "Vie scolaire", address: "vie-scolaire@college-tilleuls.example",
        date: "aujourd'hui, 8 h 15", subject: "Rappel : sécurité de ton compte",
        body: [
          "Bonjour,",
          "Un rappel important : ne donne jamais ton mot de passe, même à quelqu'un qui dit travailler au collège. Personne au collège ne te le demandera.",
          "La vie scolaire"
        ]
      },
      {
        from: "Support de l'ENT", address: "support@ent-cadeaux.example",
        date: "aujourd'hui, 7 h 41", subject: "Ton badge de cantine gratuit",
        body: [
          "Bonjour,",
          "Cette année, le badge de cantine est offert aux 100 premiers élèves ! Pour le recevoir, réponds à ce message en écrivant ton identifiant et ton mot de passe de l'ENT.",
          "Le support"
        ]
      },
      {
        from: "M. Diallo, professeur d'EPS", address: "a.diallo@college-tilleuls.example",
        date: "hier, 17 h 02", subject: "Cross du collège",
        body: ["Bonjour,", "Le cross a lieu mercredi. Viens avec une tenue de sport et une bouteille d'eau.", "M. Diallo"]
      },
      {
        from: "Association sportive", address: "as@college-tilleuls.example",
        date: "lundi, 10 h 20", subject: "Tournoi de badminton",
        body: ["Salut !", "Les inscriptions au tournoi de badminton sont ouvertes jusqu'à vendredi, au bureau de la vie scolaire.", "L'AS"]
      }
    ],
    "4": [
      {
        from: "Service de livraison", address: "info@colis-suivi-express.example",
        date: "aujourd'hui, 6 h 12", subject: "Ton colis est bloqué",
        body: [
          "Cher client,",
          "Ton colis n'a pas pu être livré. Des frais de 1,99 € sont à payer dans les 24 heures, sinon il sera renvoyé.",
          {link: "Payer 1,99 € et suivre mon colis", href: "https://paiement-rapide-colis.example/carte-bancaire", button: true},
          "Le service de livraison"
        ]
      },
      {
        from: "Club échecs", address: "club-echecs@college-tilleuls.example",
        date: "hier, 15 h 55", subject: "Partie du midi",
        body: ["Salut,", "On joue la partie de la semaine jeudi midi au CDI.", "Le club échecs"],
        attachment: "classement.pdf"
      }
    ],
    "5": [
      {
        from: ENT, address: "ne-pas-repondre@ent-college-tilleuls.example",
        date: "aujourd'hui, 22 h 47", subject: "Nouvelle connexion détectée",
        body: [
          "Bonjour,",
          "Une connexion à ton compte a été détectée depuis un appareil inconnu. Si ce n'est pas toi, connecte-toi tout de suite pour sécuriser ton compte :",
          {link: "Sécuriser mon compte", href: "https://ent.college-tilleuls.example.connexion-verifiee.example/login", button: true},
          "La page est protégée : son adresse commence par https.",
          "L'équipe de l'ENT"
        ]
      },
      {
        from: "Mme Benali, professeure principale", address: "n.benali@college-tilleuls.example",
        date: "hier, 19 h 03", subject: "Conseil de classe",
        body: ["Bonjour,", "Les délégués se retrouvent lundi à 12 h 15 en salle 104 pour préparer le conseil de classe.", "Mme Benali"]
      }
    ]
  };

  var messages = Sim.scenario(SCENARIOS);
  if (!messages) return;
  var list = document.getElementById("messages");
  var reader = document.getElementById("lecture");
  var readerTitle = document.getElementById("titre-lecture");
  var status = document.getElementById("barre-etat");
  var buttons = [];

  function showStatus(text) {
    Sim.clear(status);
    status.appendChild(el("span", {class: "visually-hidden", text: "Barre d'état : "}));
    status.appendChild(document.createTextNode(text));
  }

  function linkFor(part) {
    var link = el("a", {href: "#", class: part.button ? "mail-button-link" : null, text: part.link});
    function reveal() { showStatus("Ce lien mène à : " + part.href); }
    link.addEventListener("mouseenter", reveal);
    link.addEventListener("focus", reveal);
    link.addEventListener("click", function (event) {
      event.preventDefault();
      showStatus("Simulation : le lien ne s'ouvre pas. Il mène à : " + part.href);
    });
    return link;
  }

  function open(index) {
    var message = messages[index];
    buttons.forEach(function (button, i) { button.setAttribute("aria-current", i === index ? "true" : "false"); });
    readerTitle.textContent = message.subject;
    Sim.clear(reader);
    var detailsId = "details-expediteur";
    var details = el("div", {class: "sender-details", id: detailsId, hidden: true}, [
      el("p", {}, ["Adresse réelle de l'expéditeur : ", el("span", {class: "mono", text: message.address})])
    ]);
    var toggle = el("button", {type: "button", "aria-expanded": "false", "aria-controls": detailsId,
                               text: "Afficher l'adresse de l'expéditeur"});
    toggle.addEventListener("click", function () {
      var opened = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", opened ? "false" : "true");
      toggle.textContent = opened ? "Afficher l'adresse de l'expéditeur" : "Masquer l'adresse de l'expéditeur";
      details.hidden = opened;
      if (!opened) Sim.announce("Adresse réelle de l'expéditeur : " + message.address);
    });
    reader.appendChild(el("div", {class: "mail-header"}, [
      el("p", {}, [el("strong", {text: "De : "}), message.from]),
      el("p", {}, [el("strong", {text: "Reçu : "}), message.date]),
      toggle,
      details
    ]));
    var body = el("div", {class: "mail-body"});
    message.body.forEach(function (part) {
      body.appendChild(typeof part === "string" ? el("p", {text: part}) : el("p", {}, [linkFor(part)]));
    });
    if (message.attachment) {
      body.appendChild(el("p", {class: "attachment"}, [el("strong", {text: "Pièce jointe : "}), message.attachment]));
    }
    reader.appendChild(body);
    showStatus("Aucun lien sélectionné.");
    readerTitle.focus();
  }

  messages.forEach(function (message, index) {
    var button = el("button", {type: "button", "aria-current": "false"}, [
      el("span", {class: "mail-from", text: message.from}),
      el("span", {class: "mail-subject", text: message.subject}),
      el("span", {class: "mail-date", text: message.date})
    ]);
    button.addEventListener("click", function () { open(index); });
    buttons.push(button);
    list.appendChild(el("li", {}, [button]));
  });
})();
