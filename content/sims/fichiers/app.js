/* Simulation « fichiers » (1.2): a file manager. Folders open, files are selected and
   show their name, size and date. It never tells a file's type: reading the extension
   is the pupil's job. */
(function () {
  "use strict";
  var el = Sim.el;

  function folder(name, children) { return {name: name, children: children}; }
  function file(name, size, date) { return {name: name, size: size, date: date}; }

  var SCENARIOS = {
    "1": folder("Mes fichiers", [
      folder("Documents", [
        folder("Collège", [
          folder("Français", [file("resume-chapitre-3.odt", "24 ko", "12/03")]),
          folder("Histoire", [file("frise-chronologique.odg", "310 ko", "08/02")]),
          folder("SVT", [
            folder("Exposé", [file("volcans.odp", "4,2 Mo", "15/03"), file("notes.odt", "18 ko", "14/03")]),
            folder("Images", [file("eruptions.png", "1,3 Mo", "14/03"), file("coulee-de-lave.jpg", "2,4 Mo", "14/03")])
          ])
        ]),
        folder("Perso", [file("liste-anniversaire.odt", "12 ko", "02/01")])
      ]),
      folder("Images", [file("vacances-plage.jpg", "3,1 Mo", "20/08")]),
      folder("Téléchargements", [file("programme-sortie.pdf", "540 ko", "10/03")])
    ]),
    "2": folder("Mes fichiers", [
      folder("Documents", [file("lettre-stage.odt", "35 ko", "04/02")]),
      folder("Téléchargements", [
        file("affiche-kermesse.pdf", "820 ko", "11/03"),
        file("budget-sortie.ods", "28 ko", "11/03"),
        file("chanson-chorale.mp3", "4,6 Mo", "09/03"),
        file("compte-rendu.odt", "41 ko", "07/03"),
        file("photo-classe.jpg", "2,2 Mo", "06/03"),
        file("plan-salle.png", "380 ko", "02/03")
      ])
    ]),
    "3": folder("Mes fichiers", [
      folder("Documents", [file("scenario-court-metrage.odt", "52 ko", "01/03")]),
      folder("Club vidéo", [
        file("bande-annonce.mp4", "48 Mo", "14/03"),
        file("bruitages.wav", "0,9 Go", "13/03"),
        file("generique.mp4", "10,4 Mo", "13/03"),
        file("interview-cuisiniere.mp4", "1,2 Go", "12/03"),
        file("teaser.mp4", "9,6 Mo", "12/03")
      ])
    ]),
    "4": folder("Mes fichiers", [
      folder("Documents", [file("carnet-de-voyage.odt", "64 ko", "22/07")]),
      folder("Photos", [
        file("chat.jpg", "0,9 Mo", "03/08"),
        file("feu-artifice.jpg", "1,5 Mo", "14/07"),
        file("panorama.png", "1 800 ko", "02/08"),
        file("plage.jpg", "950 ko", "28/07"),
        file("portrait.jpg", "2,1 Mo", "30/07")
      ])
    ]),
    "5": folder("Mes fichiers", [
      folder("Documents", [
        folder("Sortie en Bretagne", [
          file("carnet-de-bord.odt", "88 ko", "21/05"),
          file("chanson-du-car.ogg", "3,8 Mo", "20/05"),
          file("itineraire.pdf", "610 ko", "18/05"),
          file("sortie-bretagne.zip", "47 Mo", "22/05"),
          file("video-phare.mp4", "96 Mo", "20/05")
        ])
      ]),
      folder("Téléchargements", [file("autorisation-parentale.pdf", "150 ko", "02/05")])
    ])
  };

  var root = Sim.scenario(SCENARIOS);
  if (!root) return;
  var trail = [root];  // the folders from the root to the one shown
  var crumbs = document.getElementById("chemin");
  var parentButton = document.getElementById("parent");
  var title = document.getElementById("titre-dossier");
  var rows = document.querySelector("#contenu tbody");
  var status = document.getElementById("etat");

  function current() { return trail[trail.length - 1]; }

  function show(focusTitle) {
    var here = current();
    Sim.clear(crumbs);
    trail.forEach(function (step, depth) {
      if (depth > 0) crumbs.appendChild(el("span", {class: "crumb-sep", "aria-hidden": "true", text: "›"}));
      var last = depth === trail.length - 1;
      var crumb = el("button", {type: "button", class: "crumb", "aria-current": last ? "page" : null, text: step.name});
      crumb.addEventListener("click", function () { trail = trail.slice(0, depth + 1); show(true); });
      crumbs.appendChild(crumb);
    });
    parentButton.disabled = trail.length === 1;
    title.textContent = "Dossier « " + here.name + " »";
    Sim.clear(rows);
    here.children.forEach(function (item) {
      var isFolder = Boolean(item.children);
      var button = el("button", {type: "button", class: isFolder ? "folder-name" : "file-name",
                                 "aria-pressed": isFolder ? null : "false"},
                      [isFolder ? el("span", {class: "folder-mark", "aria-hidden": "true", text: "▸ "}) : null, item.name]);
      button.addEventListener("click", function () {
        if (isFolder) { trail.push(item); show(true); return; }
        rows.querySelectorAll("button[aria-pressed]").forEach(function (other) { other.setAttribute("aria-pressed", "false"); });
        button.setAttribute("aria-pressed", "true");
        status.textContent = "Fichier sélectionné : " + item.name + " — taille : " + item.size + " — modifié le " + item.date + ".";
      });
      rows.appendChild(el("tr", {}, [
        el("td", {}, [button]),
        el("td", {text: isFolder ? "Dossier" : "Fichier"}),
        el("td", {class: "size", text: isFolder ? "—" : item.size}),
        el("td", {text: isFolder ? "—" : item.date})
      ]));
    });
    if (!here.children.length) rows.appendChild(el("tr", {}, [el("td", {colspan: "4", text: "Ce dossier est vide."})]));
    status.textContent = "Aucun fichier sélectionné.";
    if (focusTitle) {
      title.focus();
      Sim.announce("Dossier " + here.name + " ouvert : " + here.children.length + "\u00a0éléments.");
    }
  }

  parentButton.addEventListener("click", function () {
    if (trail.length > 1) { trail.pop(); show(true); }
  });
  show(false);
})();
