/* Simulation « confidentialite » (4.2): privacy settings of a fictitious social network
   and the permissions of a phone's apps. The pupil changes settings and looks at the
   result (the profile as a stranger sees it, the permissions left); nothing is sent. */
(function () {
  "use strict";
  var el = Sim.el;

  var AUDIENCES = [["tous", "Tout le monde"], ["amis", "Mes amis"], ["moi", "Moi seulement"]];
  var POSITION = [["toujours", "Toujours"], ["utilisation", "Seulement pendant l'utilisation de l'application"], ["jamais", "Jamais"]];

  function profile(who) {
    return [
      {label: "Date de naissance", value: "14 avril 2013", who: who[0]},
      {label: "Ville", value: "Rochebrune", who: who[1]},
      {label: "Collège", value: "Collège des Tilleuls", who: who[2]},
      {label: "Photo de profil", value: "une photo de ton visage", who: who[3]},
      {label: "Liste d'amis", value: "87 amis", who: who[4]}
    ];
  }
  function app(name, purpose, permissions) { return {name: name, purpose: purpose, permissions: permissions}; }
  function position(value) { return {label: "Position", kind: "position", value: value}; }
  function perm(label, on) { return {label: label, kind: "toggle", value: on}; }
  function cookies(audience, ads, partners) {
    return [
      {label: "Nécessaires au fonctionnement", text: "Ils gardent ta session ouverte et tes réglages. Toujours actifs.", on: true, required: true},
      {label: "Mesure d'audience", text: "Ils comptent les visites et les pages vues.", on: audience},
      {label: "Publicité personnalisée", text: "Ils servent à te montrer des publicités choisies d'après ce que tu regardes.", on: ads},
      {label: "Partage avec des partenaires", text: "Ils envoient ce que tu regardes à d'autres entreprises.", on: partners}
    ];
  }
  var BUS = "Affiche les arrêts et les horaires de bus autour de toi.";

  var SCENARIOS = {
    "1": {
      start: "profil",
      profile: profile(["tous", "tous", "amis", "tous", "tous"]),
      apps: [app("Carte des bus", BUS, [position("utilisation")])],
      cookies: cookies(false, false, false)
    },
    "2": {
      start: "applications",
      profile: profile(["amis", "amis", "amis", "amis", "amis"]),
      apps: [
        app("Lampe de poche", "Allume la lumière du téléphone.", [
          position("toujours"), perm("Contacts", true), perm("Micro", false), perm("Appareil photo", false)
        ]),
        app("Carte des bus", BUS, [position("utilisation"), perm("Contacts", false)]),
        app("Dictionnaire", "Donne la définition des mots.", [])
      ],
      cookies: cookies(false, false, false)
    },
    "3": {
      start: "applications",
      profile: profile(["amis", "amis", "amis", "amis", "amis"]),
      apps: [
        app("Agenda", "Note tes devoirs et te les rappelle.", [perm("Notifications", true), perm("Contacts", false)]),
        app("Appareil photo", "Prend des photos et des vidéos.", [perm("Appareil photo", true), perm("Micro", true), position("jamais")]),
        app("Calculatrice", "Fait des calculs.", [perm("Contacts", true), perm("Micro", false), position("jamais")]),
        app("Carte des bus", BUS, [position("utilisation")]),
        app("Dictaphone", "Enregistre ta voix.", [perm("Micro", true), perm("Contacts", false)])
      ],
      cookies: cookies(false, false, false)
    },
    "4": {
      start: "applications",
      profile: profile(["amis", "amis", "amis", "amis", "amis"]),
      apps: [
        app("Carte des bus", BUS, [position("toujours"), perm("Notifications", false)]),
        app("Lampe de poche", "Allume la lumière du téléphone.", []),
        app("Météo", "Donne le temps qu'il fera là où tu es.", [position("utilisation")])
      ],
      cookies: cookies(false, false, false)
    },
    "5": {
      start: "cookies",
      profile: profile(["amis", "amis", "amis", "amis", "amis"]),
      apps: [app("Carte des bus", BUS, [position("utilisation")])],
      cookies: cookies(true, true, false)
    }
  };

  var state = Sim.scenario(SCENARIOS);
  if (!state) return;
  var title = document.getElementById("titre-panneau");
  var panel = document.getElementById("contenu-panneau");
  var sectionButtons = document.querySelectorAll("[data-section]");
  var uid = 0;

  function id(prefix) { uid += 1; return prefix + "-" + uid; }

  function choiceSelect(options, value, onChange) {
    var select = el("select", {id: id("choix")}, options.map(function (option) {
      return el("option", {value: option[0], selected: option[0] === value, text: option[1]});
    }));
    select.addEventListener("change", function () { onChange(select.value); });
    return select;
  }

  function labelOf(options, value) {
    for (var i = 0; i < options.length; i++) if (options[i][0] === value) return options[i][1];
    return value;
  }

  var SECTIONS = {
    profil: function () {
      title.textContent = "Mon profil : qui peut voir quoi ?";
      panel.appendChild(el("div", {class: "setting"}, [
        el("span", {class: "label", text: "Prénom : Camille"}),
        el("span", {text: "Tout le monde (obligatoire)"})
      ]));
      state.profile.forEach(function (info) {
        var select = choiceSelect(AUDIENCES, info.who, function (value) {
          info.who = value;
          Sim.announce(info.label + " : visible par " + labelOf(AUDIENCES, value).toLowerCase() + ".");
        });
        panel.appendChild(el("div", {class: "setting"}, [
          el("label", {for: select.id, text: "Qui peut voir : " + info.label.toLowerCase() + " (" + info.value + ")"}),
          select
        ]));
      });
      var preview = el("div", {class: "preview", id: "apercu", hidden: true, tabindex: "-1"});
      var button = el("button", {type: "button", "aria-controls": "apercu", text: "Voir mon profil comme une personne inconnue"});
      button.addEventListener("click", function () {
        Sim.clear(preview);
        var seen = [el("li", {text: "Prénom : Camille"})];
        state.profile.forEach(function (info) {
          if (info.who === "tous") seen.push(el("li", {text: info.label + " : " + info.value}));
        });
        preview.appendChild(el("h3", {text: "Ce qu'une personne inconnue voit de ton profil (" + seen.length + "\u00a0informations)"}));
        preview.appendChild(el("ul", {}, seen));
        preview.hidden = false;
        preview.focus();
      });
      panel.appendChild(el("div", {class: "actions"}, [button]));
      panel.appendChild(preview);
    },

    applications: function () {
      title.textContent = "Applications : autorisations";
      var detail = el("div", {id: "autorisations"});
      var buttons = [];
      var list = el("ul", {class: "apps"}, state.apps.map(function (application) {
        var button = el("button", {type: "button", "aria-pressed": "false", "aria-controls": "autorisations", text: application.name});
        button.addEventListener("click", function () {
          buttons.forEach(function (other) { other.setAttribute("aria-pressed", other === button ? "true" : "false"); });
          showApp(application, detail);
        });
        buttons.push(button);
        return el("li", {}, [button]);
      }));
      panel.appendChild(el("p", {text: "Choisis une application pour voir ses autorisations."}));
      panel.appendChild(list);
      panel.appendChild(detail);
    },

    cookies: function () {
      title.textContent = "Cookies du réseau social";
      panel.appendChild(el("p", {text: "Voici les choix que tu as faits lors de ta dernière visite. Tu peux les changer à tout moment."}));
      var boxes = state.cookies.map(function (cookie) {
        var box = el("input", {type: "checkbox", id: id("cookie"), checked: cookie.on, disabled: cookie.required,
                                "aria-describedby": null});
        var help = el("p", {id: id("aide"), text: cookie.text});
        box.setAttribute("aria-describedby", help.id);
        panel.appendChild(el("div", {class: "check"}, [box, el("div", {}, [el("label", {for: box.id, text: cookie.label}), help])]));
        return box;
      });
      var result = el("p", {class: "status-line", id: "resultat-cookies", "aria-live": "polite"});
      var save = el("button", {type: "button", text: "Enregistrer mes choix"});
      save.addEventListener("click", function () {
        var accepted = [];
        state.cookies.forEach(function (cookie, index) {
          cookie.on = boxes[index].checked;
          if (cookie.on) accepted.push(cookie.label.toLowerCase());
        });
        result.textContent = "Choix enregistrés. Cookies acceptés : " + accepted.join(", ") + ".";
      });
      panel.appendChild(el("div", {class: "actions"}, [save]));
      panel.appendChild(result);
    }
  };

  function showApp(application, detail) {
    Sim.clear(detail);
    var heading = el("h3", {tabindex: "-1", text: application.name});
    detail.appendChild(heading);
    detail.appendChild(el("p", {text: application.purpose}));
    if (!application.permissions.length) {
      detail.appendChild(el("p", {text: "Cette application ne demande aucune autorisation."}));
    }
    application.permissions.forEach(function (permission) {
      var control;
      if (permission.kind === "position") {
        control = choiceSelect(POSITION, permission.value, function (value) {
          permission.value = value;
          Sim.announce("Position : " + labelOf(POSITION, value) + ".");
        });
      } else {
        control = choiceSelect([["oui", "Autorisé"], ["non", "Refusé"]], permission.value ? "oui" : "non", function (value) {
          permission.value = value === "oui";
          Sim.announce(permission.label + " : " + (permission.value ? "autorisé." : "refusé."));
        });
      }
      detail.appendChild(el("div", {class: "setting"}, [
        el("label", {for: control.id, text: permission.label}),
        control
      ]));
    });
    heading.focus();
  }

  function open(name, moveFocus) {
    sectionButtons.forEach(function (button) {
      button.setAttribute("aria-current", button.getAttribute("data-section") === name ? "true" : "false");
    });
    Sim.clear(panel);
    SECTIONS[name]();
    if (moveFocus) title.focus();
  }

  sectionButtons.forEach(function (button) {
    button.addEventListener("click", function () { open(button.getAttribute("data-section"), true); });
  });
  open(state.start, false);
})();
