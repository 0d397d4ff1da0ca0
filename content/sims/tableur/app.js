/* Simulation « tableur » (1.3): a small read-only sheet. Selecting a cell shows its
   content in the formula bar (the formula, not only its result); arrow keys move the
   selection; some scenarios allow sorting the rows. Results are written in the scenario,
   never computed here (no formula engine, no eval). */
(function () {
  "use strict";
  var el = Sim.el;

  /* A row is a list of cells: a text, a number (shown with a decimal comma) or
     {f: "=FORMULE", v: shown value}. */
  var SCENARIOS = {
    "1": {
      name: "Sortie au musée",
      rows: [
        ["Prénom", "Classe", "Repas", "Autorisation"],
        ["Élise", "6e B", "sans porc", "oui"],
        ["Karim", "6e A", "normal", "oui"],
        ["Mathis", "6e B", "végétarien", "non"],
        ["Salomé", "6e C", "normal", "oui"],
        ["Anh", "6e A", "sans gluten", "oui"]
      ]
    },
    "2": {
      name: "Tombola du foyer",
      rows: [
        ["Classe", "Tickets vendus"],
        ["5e A", 42],
        ["5e B", 35],
        ["5e C", 51],
        ["5e D", 28],
        ["5e E", 46],
        ["5e F", 39],
        ["Total", {f: "=SOMME(B2:B6)", v: 202}]
      ]
    },
    "3": {
      name: "Commande de fournitures",
      rows: [
        ["Article", "Prix (€)", "Quantité", "Montant (€)"],
        ["Cahier", 2.5, 4, {f: "=B2*C2", v: 10}],
        ["Stylo", 1.2, 5, {f: "=B3*C3", v: 6}],
        ["Classeur", 3, 2, {f: "=B4*C4", v: 6}],
        ["Total", "", "", {f: "=SOMME(D2:D4)", v: 22}]
      ]
    },
    "4": {
      name: "Cross du collège",
      sortable: true,
      rows: [
        ["Prénom", "Classe", "Temps (secondes)"],
        ["Inès", "4e A", 512],
        ["Tom", "4e B", 468],
        ["Jade", "4e A", 455],
        ["Yanis", "4e C", 530],
        ["Maëlys", "4e B", 441],
        ["Noah", "4e C", 497],
        ["Aya", "4e A", 476]
      ]
    },
    "5": {
      name: "Tickets de bus du club",
      rows: [
        ["Prix d'un ticket (€)", 1.4, ""],
        ["", "", ""],
        ["Prénom", "Trajets", "Coût (€)"],
        ["Léna", 6, {f: "=B4*$B$1", v: 8.4}],
        ["Hugo", 9, ""],
        ["Zoé", 4, ""],
        ["Samy", 11, ""]
      ]
    }
  };

  var sheet = Sim.scenario(SCENARIOS);
  if (!sheet) return;
  var LETTERS = "ABCDEFGH";
  var rows = sheet.rows.map(function (row) { return row.slice(); });
  var width = rows.reduce(function (max, row) { return Math.max(max, row.length); }, 0);
  var selected = {row: 0, col: 0};
  var buttons = [];

  document.getElementById("nom-classeur").textContent = "Classeur « " + sheet.name + " »";
  var headers = document.getElementById("entetes");
  var body = document.getElementById("lignes");
  var cellName = document.getElementById("cellule-active");
  var cellContent = document.getElementById("contenu-cellule");

  function shown(cell) {
    var value = cell !== null && typeof cell === "object" ? cell.v : cell;
    if (typeof value === "number") return String(value).replace(".", ",");
    return value === undefined ? "" : value;
  }

  function content(cell) {
    if (cell !== null && typeof cell === "object") return cell.f;
    return shown(cell);
  }

  function reference(row, col) { return LETTERS[col] + (row + 1); }

  function draw() {
    Sim.clear(headers);
    Sim.clear(body);
    buttons = [];
    headers.appendChild(el("td", {}));
    for (var c = 0; c < width; c++) headers.appendChild(el("th", {scope: "col", text: LETTERS[c]}));
    rows.forEach(function (row, r) {
      var line = el("tr", {}, [el("th", {scope: "row", text: String(r + 1)})]);
      buttons.push([]);
      for (var c = 0; c < width; c++) {
        var cell = row[c] === undefined ? "" : row[c];
        var value = shown(cell);
        var isNumber = typeof (cell !== null && typeof cell === "object" ? cell.v : cell) === "number";
        var button = el("button", {
          type: "button", tabindex: "-1", class: isNumber ? "number" : null,
          "aria-label": reference(r, c) + " : " + (value === "" ? "vide" : value),
          "data-row": String(r), "data-col": String(c)
        }, [value]);
        button.addEventListener("click", onCellClick);
        button.addEventListener("keydown", onCellKey);
        buttons[r].push(button);
        line.appendChild(el("td", {}, [button]));
      }
      body.appendChild(line);
    });
    select(selected.row, selected.col, false);
  }

  function select(row, col, moveFocus) {
    row = Math.max(0, Math.min(rows.length - 1, row));
    col = Math.max(0, Math.min(width - 1, col));
    var before = buttons[selected.row] && buttons[selected.row][selected.col];
    if (before) { before.setAttribute("tabindex", "-1"); before.setAttribute("aria-current", "false"); }
    selected = {row: row, col: col};
    var button = buttons[row][col];
    button.setAttribute("tabindex", "0");
    button.setAttribute("aria-current", "true");
    if (moveFocus) button.focus();
    var cell = rows[row][col] === undefined ? "" : rows[row][col];
    var text = content(cell);
    cellName.textContent = reference(row, col);
    cellContent.textContent = text === "" ? "(vide)" : text;
  }

  function onCellClick(event) {
    var button = event.currentTarget;
    select(Number(button.getAttribute("data-row")), Number(button.getAttribute("data-col")), true);
  }

  function onCellKey(event) {
    var moves = {ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1]};
    var move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    select(selected.row + move[0], selected.col + move[1], true);
  }

  /* No <form>: the frame is sandboxed without allow-forms, so a form would never submit. */
  function goTo() {
    var input = document.getElementById("reference");
    var match = /^\s*([A-Za-z])\s*(\d+)\s*$/.exec(input.value);
    var col = match ? LETTERS.indexOf(match[1].toUpperCase()) : -1;
    var row = match ? Number(match[2]) - 1 : -1;
    if (col < 0 || col >= width || row < 0 || row >= rows.length) {
      Sim.announce("Cette cellule n'existe pas dans le tableau.");
      cellName.textContent = "?";
      cellContent.textContent = "Cellule introuvable : écris une lettre puis un numéro, par exemple B3.";
      return;
    }
    select(row, col, true);
  }
  document.getElementById("aller-bouton").addEventListener("click", goTo);
  document.getElementById("reference").addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); goTo(); }
  });

  if (sheet.sortable) {
    document.getElementById("outils-tri").hidden = false;
    var sortRows = function (direction) {
      var col = selected.col;
      var data = rows.slice(1);
      data.sort(function (a, b) {
        var x = a[col], y = b[col];
        var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "fr");
        return direction * order;
      });
      rows = [rows[0]].concat(data);
      draw();
      Sim.announce("Tableau trié selon la colonne " + LETTERS[col] + ", " +
                   (direction > 0 ? "du plus petit au plus grand." : "du plus grand au plus petit."));
    };
    document.getElementById("tri-croissant").addEventListener("click", function () { sortRows(1); });
    document.getElementById("tri-decroissant").addEventListener("click", function () { sortRows(-1); });
  }

  draw();
})();
