"""The printed documents of a session: attendance sheet (also as ODS), invigilator kit,
incident and fraud reports, one notice per pupil. A4 PDFs drawn with ReportLab in a
vendored DejaVu Sans (D37), each page headed by the session's identity and numbered
« page 1 sur 2 ». Every text from the database goes through `_text` (Paragraph markup)."""

import functools
import io
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from certinum.centers.models import Candidate, Session
from certinum.orga.spreadsheets import ods_bytes

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
MARGIN = 15 * mm
PAGE_WIDTH, PAGE_HEIGHT = A4
WIDTH = PAGE_WIDTH - 2 * MARGIN
NNBSP = "\u202f"  # narrow no-break space, before « % » and inside « »
NBSP = "\u00a0"
LINE = colors.HexColor("#4a4a4a")
SHADE = colors.HexColor("#eeeeee")


@dataclass(frozen=True)
class Links:
    """Absolute addresses printed on the documents (the view knows the host)."""

    invigilation: str
    practice: str


@functools.cache
def register_fonts() -> None:
    """DejaVu Sans only: no fallback to the PDF base fonts, which lack « œ » and the narrow
    no-break space."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONTS_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS_DIR / "DejaVuSans-Bold.ttf")))
    for name in (FONT, FONT_BOLD):  # <b> inside a bold paragraph stays bold
        pdfmetrics.registerFontFamily(
            name, normal=name, bold=FONT_BOLD, italic=name, boldItalic=FONT_BOLD
        )


_BASE = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=13.5)
STYLES = {
    "body": _BASE,
    "small": ParagraphStyle("small", parent=_BASE, fontSize=8, leading=10),
    "cell": ParagraphStyle("cell", parent=_BASE, fontSize=9, leading=11),
    "cell_head": ParagraphStyle("cell_head", parent=_BASE, fontName=FONT_BOLD, fontSize=9),
    "title": ParagraphStyle(
        "title", parent=_BASE, fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=3 * mm
    ),
    "h2": ParagraphStyle(
        "h2",
        parent=_BASE,
        fontName=FONT_BOLD,
        fontSize=11.5,
        leading=15,
        spaceBefore=4 * mm,
        spaceAfter=1.5 * mm,
    ),
    "pupil_h2": ParagraphStyle(
        "pupil_h2",
        parent=_BASE,
        fontName=FONT_BOLD,
        fontSize=14,
        leading=18,
        spaceBefore=4 * mm,
        spaceAfter=2 * mm,
    ),
    "step": ParagraphStyle("step", parent=_BASE, leftIndent=7 * mm, firstLineIndent=-7 * mm),
    "pupil": ParagraphStyle("pupil", parent=_BASE, fontSize=12.5, leading=17),
    "pupil_step": ParagraphStyle(
        "pupil_step",
        parent=_BASE,
        fontSize=12,
        leading=16,
        leftIndent=8 * mm,
        firstLineIndent=-8 * mm,
        spaceAfter=1.2 * mm,
    ),
    "number": ParagraphStyle(
        "number", parent=_BASE, fontName=FONT_BOLD, fontSize=44, leading=50, alignment=TA_CENTER
    ),
    "center": ParagraphStyle("center", parent=_BASE, fontSize=12, leading=16, alignment=TA_CENTER),
}


def _text(value: object) -> str:
    """Database text made safe for Paragraph markup (a name may hold « & » or « < »)."""
    return escape(str(value))


# ReportLab breaks lines at U+202F (and drops it), but not at U+00A0: a no-break space in
# a small size is a narrow one that holds its neighbours together.
_NARROW = f'<font size="5">{NBSP}</font>'
_TYPOGRAPHY = (
    ("« ", f"«{NNBSP}"),
    (" »", f"{NNBSP}»"),
    (" :", f"{NBSP}:"),
    (" ;", f"{NNBSP};"),
    (" !", f"{NNBSP}!"),
    (" ?", f"{NNBSP}?"),
    (" %", f"{NNBSP}%"),
)


def _p(markup: str, style: str = "body") -> Paragraph:
    """A paragraph whose French punctuation never starts a line (no-break spaces)."""
    register_fonts()  # a Paragraph looks its font up when it is made
    for plain, unbreakable in _TYPOGRAPHY:
        markup = markup.replace(plain, unbreakable)
    return Paragraph(markup.replace(NNBSP, _NARROW), STYLES[style])


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def sorted_candidates(session: Session) -> list[Candidate]:
    """By last name then first name, accents and case ignored (« Élise » before « Fabre »)."""
    return sorted(
        session.candidates.all(), key=lambda c: (_fold(c.last_name), _fold(c.first_name), c.pk)
    )


def extra_time(candidate: Candidate) -> str:
    if not candidate.extra_time_percentage:
        return ""
    return f"+{NBSP}{candidate.extra_time_percentage}{NNBSP}%"


def long_date(session: Session) -> str:
    return str(formats.date_format(session.date, "l j F Y"))


def start_time(session: Session) -> str:
    return str(formats.time_format(session.time, "H:i"))


def _birthdate(candidate: Candidate) -> str:
    return candidate.birthdate.strftime("%d/%m/%Y")


# --- Page frame: identity header, « page 1 sur 2 » ------------------------------------------


class _NumberedCanvas(canvas.Canvas):  # type: ignore[misc]
    """Holds the pages back until the document ends, to print « page N sur TOTAL »."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(FONT, 8)
            self.setFillColor(LINE)
            self.drawRightString(
                PAGE_WIDTH - MARGIN,
                9 * mm,
                _("page %(page)s sur %(total)s") % {"page": number, "total": total},
            )
            super().showPage()
        super().save()


def identity_line(session: Session) -> str:
    parts = [
        session.center.name,
        _("%(date)s à %(time)s") % {"date": long_date(session), "time": start_time(session)},
        session.room,
        session.address,
    ]
    return " · ".join(_text(part) for part in parts)


def _draw_header(pdf: Any, _doc: Any, *, session: Session, title: str) -> None:
    pdf.saveState()
    top = PAGE_HEIGHT - 12 * mm
    pdf.setFont(FONT_BOLD, 11)
    pdf.drawString(MARGIN, top, title)
    pdf.drawRightString(
        PAGE_WIDTH - MARGIN, top, _("Session n° %(number)s") % {"number": session.number}
    )
    identity = _p(identity_line(session), "small")
    _width, height = identity.wrap(WIDTH, 20 * mm)
    identity.drawOn(pdf, MARGIN, top - 2 * mm - height)
    pdf.setStrokeColor(LINE)
    pdf.setLineWidth(0.5)
    pdf.line(MARGIN, top - 4 * mm - height, PAGE_WIDTH - MARGIN, top - 4 * mm - height)
    pdf.restoreState()


def build_pdf(session: Session, title: str, story: Sequence[Flowable]) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        # The frame pads its content by 6 points: content then lines up with the header.
        leftMargin=MARGIN - 6,
        rightMargin=MARGIN - 6,
        topMargin=34 * mm,
        bottomMargin=16 * mm,
        title=f"{title} — {_('Session n° %(number)s') % {'number': session.number}}",
        author="Certinum",
        lang="fr",
    )
    header = functools.partial(_draw_header, session=session, title=title)
    document.build(
        list(story), onFirstPage=header, onLaterPages=header, canvasmaker=_NumberedCanvas
    )
    return buffer.getvalue()


def _grid(data: list[list[Any]], widths: Sequence[float], *, header: bool = True) -> Table:
    table = Table(data, colWidths=list(widths), repeatRows=1 if header else 0)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.6, LINE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    table.setStyle(TableStyle(commands))
    return table


# --- Attendance sheet ------------------------------------------------------------------------

ATTENDANCE_WIDTHS = (9 * mm, 46 * mm, 38 * mm, 24 * mm, 19 * mm, 44 * mm)


def _attendance_rows(candidates: list[Candidate]) -> list[list[Any]]:
    heads = [_("N°"), _("Nom"), _("Prénom"), _("Date de naissance"), _("Temps majoré")]
    rows: list[list[Any]] = [[_p(_text(h), "cell_head") for h in [*heads, _("Signature")]]]
    for index, candidate in enumerate(candidates, start=1):
        rows.append(
            [
                _p(str(index), "cell"),
                _p(_text(candidate.last_name), "cell"),
                _p(_text(candidate.first_name), "cell"),
                _p(_birthdate(candidate), "cell"),
                _p(extra_time(candidate), "cell"),
                Spacer(1, 11 * mm),  # room to sign; a long name makes the row taller
            ]
        )
    return rows


def _invigilators_block(session: Session) -> Flowable:
    names = [name.strip() for name in session.examiners.split(",") if name.strip()]
    count = max(session.invigilator_count, len(names)) + 1  # one more for a replacement
    names += [""] * (count - len(names))
    rows: list[list[Any]] = [
        [_p(_("Nom et prénom du surveillant"), "cell_head"), _p(_("Signature"), "cell_head")]
    ]
    rows += [[_p(_text(name), "cell"), Spacer(1, 12 * mm)] for name in names]
    return KeepTogether(
        [
            _p(_("Surveillants"), "h2"),
            _p(_("Chaque surveillant écrit son nom et signe à la fin de la session."), "small"),
            Spacer(1, 2 * mm),
            _grid(rows, (WIDTH - 70 * mm, 70 * mm)),
        ]
    )


def attendance_sheet_pdf(session: Session, links: Links | None = None) -> bytes:
    candidates = sorted_candidates(session)
    story: list[Flowable] = [
        _p(_("Feuille d'émargement"), "title"),
        _p(
            _(
                "Chaque candidat présent signe dans la case de sa ligne. Pour un candidat absent, "
                "écrivez « absent » dans la case."
            )
        ),
        Spacer(1, 3 * mm),
    ]
    if candidates:
        story.append(_grid(_attendance_rows(candidates), ATTENDANCE_WIDTHS))
    else:
        story.append(_p(_("Aucun candidat inscrit.")))
    story += [
        Spacer(1, 4 * mm),
        _p(
            _("Candidats inscrits : %(count)s · présents : ________ · absents : ________")
            % {"count": len(candidates)}
        ),
        _invigilators_block(session),
    ]
    return build_pdf(session, _("Feuille d'émargement"), story)


def attendance_sheet_ods(session: Session) -> bytes:
    """The same list for a spreadsheet; `ods_bytes` neutralises text cells against formulas."""
    header = [
        _("Nom"),
        _("Prénom"),
        _("Date de naissance"),
        _("Temps majoré (%)"),
        _("Présent"),
        _("Signature"),
    ]
    rows = [
        [c.last_name, c.first_name, c.birthdate, c.extra_time_percentage, None, None]
        for c in sorted_candidates(session)
    ]
    return ods_bytes(
        header, rows, sheet_name=_("Émargement session %(number)s") % {"number": session.number}
    )


# --- Invigilator kit -------------------------------------------------------------------------


def _facts_table(session: Session) -> Table:
    facts = [
        (_("Numéro de session"), f"<b>{session.number}</b>"),
        (_("Date"), _text(long_date(session))),
        (_("Heure de début"), _text(start_time(session))),
        (_("Salle"), _text(session.room)),
        (_("Adresse"), _text(session.address)),
        (_("Mot de passe surveillant"), f"<b>{_text(session.password_display)}</b>"),
        (_("Code d'accès des candidats"), f"<b>{_text(session.access_code)}</b>"),
        (_("Candidats inscrits"), str(session.candidates.count())),
        (_("Surveillant(s)"), _text(session.examiners)),
    ]
    rows = [[_p(_text(label), "cell_head"), _p(value)] for label, value in facts]
    table = _grid(rows, (55 * mm, WIDTH - 55 * mm), header=False)
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (0, -1), SHADE)]))
    return table


def _procedure(session: Session, links: Links) -> list[tuple[str, str]]:
    values = {
        "url": _text(links.invigilation),
        "number": session.number,
        "password": _text(session.password_display),
        "code": _text(session.access_code),
    }
    return [(title, text % values) for title, text in _procedure_steps()]


# The day in the invigilator's order (spec 04), with %(…)s for the session's values.
def _procedure_steps() -> list[tuple[str, str]]:
    return [
        (
            _("Préparer la salle"),
            _(
                "Allumez les postes et ouvrez l'espace surveillant (%(url)s) avec le numéro de "
                "session <b>%(number)s</b> et le mot de passe <b>%(password)s</b>. Ce mot de "
                "passe est pour vous seul : ne le montrez pas aux élèves."
            ),
        ),
        (
            _("Accueillir les élèves"),
            _(
                "Un élève par poste. Les téléphones sont éteints et rangés dans les sacs, les "
                "sacs loin des postes. Écrivez au tableau le numéro de session "
                "<b>%(number)s</b>, pas encore le code d'accès."
            ),
        ),
        (
            _("Vérifier la présence"),
            _(
                "Faites l'appel avec la feuille d'émargement : chaque élève présent signe sur "
                "sa ligne ; écrivez « absent » pour les autres."
            ),
        ),
        (
            _("Informer les élèves"),
            _(
                "Expliquez les règles : une seule fenêtre ouverte, aucun autre onglet ni "
                "logiciel, pas de téléphone, pas de retour en arrière sur une question. Le "
                "bouton « Signaler un problème » sert si une question ne s'affiche pas bien. "
                "Distribuez les notices élèves si ce n'est pas fait."
            ),
        ),
        (
            _("Faire rejoindre la session"),
            _(
                "Chaque élève se connecte à son compte Certinum, choisit « Rejoindre une "
                "session de certification » et saisit le numéro de session, son prénom, son nom "
                "et sa date de naissance exactement comme sur la liste. Il apparaît alors dans "
                "votre liste."
            ),
        ),
        (
            _("Autoriser le démarrage"),
            _(
                "Pour chaque élève présent dans la salle, cliquez sur « Confirmer la présence "
                "». Donnez ensuite le code d'accès <b>%(code)s</b> (au tableau) : l'élève le "
                "saisit et son test commence. L'autorisation ne sert qu'une fois."
            ),
        ),
        (
            _("Suivre l'avancement"),
            _(
                "Votre liste montre pour chaque élève : en attente, en cours, terminé, et "
                "l'heure de fin prévue (temps majoré compris). Circulez dans la salle ; une "
                "alerte s'affiche quand un élève signale un problème."
            ),
        ),
    ]


def _special_cases() -> list[tuple[str, str]]:
    return [
        (
            _("Un élève abandonne ou doit sortir"),
            _(
                "S'il ne revient pas, cliquez sur « Terminer le test » pour lui. Notez l'heure "
                "et la raison sur un PV d'incident."
            ),
        ),
        (
            _("Un problème technique sur une question"),
            _(
                "L'élève clique sur « Signaler un problème » et attend. Regardez son écran : si "
                "la question est vraiment défaillante (image absente, lien mort…), validez le "
                "signalement en choisissant la catégorie ; il reçoit une autre question. Sinon, "
                "refusez : il répond à la même question ou la passe."
            ),
        ),
        (
            _("L'ordinateur plante ou la page se ferme"),
            _(
                "L'élève se reconnecte sur un poste qui marche. Cliquez sur « Autoriser la "
                "reprise » pour lui ; il saisit de nouveau le code d'accès et reprend là où il "
                "en était, avec le temps qu'il lui restait."
            ),
        ),
        (
            _("Une erreur dans les informations d'un élève"),
            _(
                "S'il ne trouve pas sa place avec son nom, son prénom ou sa date de naissance, "
                "comparez avec la liste : l'élève tape ce qui est écrit sur la liste. Si la "
                "liste est fausse, le référent du centre corrige la fiche dans Certinum ; "
                "notez-le sur un PV d'incident."
            ),
        ),
        (
            _("Une fraude"),
            _(
                "Intervenez calmement, sans prendre le matériel de l'élève. Notez l'heure et ce "
                "que vous avez vu ; si la fraude est certaine, cliquez sur « Terminer le test "
                "». Remplissez un PV de fraude."
            ),
        ),
    ]


def _numbered(items: list[tuple[str, str]]) -> list[Flowable]:
    return [
        _p(f"<b>{index}.{NBSP}{title}.</b> {text}", "step")
        for index, (title, text) in enumerate(items, start=1)
    ]


def invigilator_kit_pdf(session: Session, links: Links) -> bytes:
    story: list[Flowable] = [
        _p(_("Kit surveillant"), "title"),
        _facts_table(session),
        _p(_("Le déroulé de la session"), "h2"),
        *_with_space(_numbered(_procedure(session, links))),
        _p(_("Les cas particuliers"), "h2"),
        *_with_space(_numbered(_special_cases())),
        _p(_("Terminer la session"), "h2"),
        *_with_space(
            [
                _p(
                    _(
                        "Quand un élève a fini, vérifiez que son écran affiche « Test terminé »."
                        " À l'heure de fin, cliquez sur « Terminer le test » pour ceux qui n'ont"
                        " pas fini."
                    )
                ),
                _p(
                    _(
                        "Remettez au référent du centre la feuille d'émargement signée, les PV"
                        " d'incident et de fraude éventuels et vos remarques : il s'en sert pour"
                        " finaliser la session dans Certinum."
                    )
                ),
            ]
        ),
    ]
    return build_pdf(session, _("Kit surveillant"), story)


def _with_space(flowables: list[Flowable]) -> list[Flowable]:
    spaced: list[Flowable] = []
    for flowable in flowables:
        spaced += [flowable, Spacer(1, 1.5 * mm)]
    return spaced


# --- Incident and fraud reports --------------------------------------------------------------


def _form_rows(fields: list[tuple[str, float]]) -> Table:
    """A label above a blank box of the given height, for each field."""
    rows = []
    for label, height in fields:
        rows.append([_p(_text(label), "cell_head")])
        rows.append([Spacer(1, height)])
    table = Table(rows, colWidths=[WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, LINE),
                ("LINEBELOW", (0, 0), (-1, -1), 0.6, LINE),
                *[("BACKGROUND", (0, r), (-1, r), SHADE) for r in range(0, len(rows), 2)],
            ]
        )
    )
    return table


def _signatures(labels: list[str]) -> Table:
    width = WIDTH / len(labels)
    table = Table(
        [[_p(_text(label), "cell_head") for label in labels], [Spacer(1, 22 * mm)] * len(labels)],
        colWidths=[width] * len(labels),
    )
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, LINE)]))
    return table


def _report_pdf(
    session: Session,
    title: str,
    intro: str,
    fields: list[tuple[str, float]],
    signers: list[str],
) -> bytes:
    story: list[Flowable] = [
        _p(_text(title), "title"),
        _p(_text(intro)),
        Spacer(1, 3 * mm),
        _form_rows(fields),
        Spacer(1, 4 * mm),
        KeepTogether([_p(_("Signatures"), "h2"), _signatures(signers)]),
    ]
    return build_pdf(session, title, story)


def incident_report_pdf(session: Session, links: Links | None = None) -> bytes:
    return _report_pdf(
        session,
        _("PV d'incident"),
        _(
            "À remplir pendant la session pour tout incident : retard, sortie, panne, erreur "
            "dans les informations d'un candidat, test terminé par le surveillant. Un PV par "
            "incident."
        ),
        [
            (_("Candidat concerné (nom, prénom) — ou « toute la salle »"), 10 * mm),
            (_("Heure de l'incident · numéro de la question s'il y a lieu"), 10 * mm),
            (_("Description de l'incident"), 60 * mm),
            (_("Mesures prises"), 36 * mm),
        ],
        [_("Le surveillant"), _("Le référent du centre")],
    )


def fraud_report_pdf(session: Session, links: Links | None = None) -> bytes:
    return _report_pdf(
        session,
        _("PV de fraude"),
        _(
            "À remplir dès qu'une fraude est constatée ou soupçonnée. Décrivez les faits tels "
            "que vous les avez vus, sans les interpréter."
        ),
        [
            (_("Candidat concerné (nom, prénom, date de naissance)"), 10 * mm),
            (_("Heure des faits · heure de fin du test s'il a été terminé"), 10 * mm),
            (_("Description des faits"), 48 * mm),
            (_("Mesures prises"), 26 * mm),
            (_("Observations du candidat (s'il le souhaite)"), 22 * mm),
        ],
        [_("Le surveillant"), _("Le candidat"), _("Le référent du centre")],
    )


# --- Pupil notices ---------------------------------------------------------------------------


def _boxed(flowables: list[Flowable], *, background: Any = None) -> Table:
    table = Table([[flowables]], colWidths=[WIDTH])
    commands = [
        ("BOX", (0, 0), (-1, -1), 1.2, LINE),
        ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
        ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
    ]
    if background is not None:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), background))
    table.setStyle(TableStyle(commands))
    return table


def _joining_steps(session: Session) -> list[str]:
    return [
        _("Connecte-toi à ton compte Certinum, avec ton identifiant et ton mot de passe."),
        _("Clique sur « Rejoindre une session de certification »."),
        _("Tape le numéro de session : <b>%(number)s</b>.") % {"number": session.number},
        _(
            "Tape ton prénom, ton nom et ta date de naissance <b>exactement comme dans le "
            "cadre ci-dessus</b> : mêmes accents, mêmes tirets, tous les prénoms et noms "
            "composés."
        ),
        _("Attends : le surveillant vérifie que tu es là et te donne l'autorisation."),
        _("Tape le code d'accès que le surveillant donne dans la salle. Le test commence !"),
    ]


def _notice_page(session: Session, candidate: Candidate, links: Links) -> list[Flowable]:
    identity = [
        _p(_("Prénom : <b>%(name)s</b>") % {"name": _text(candidate.first_name)}, "pupil"),
        _p(_("Nom : <b>%(name)s</b>") % {"name": _text(candidate.last_name)}, "pupil"),
        _p(_("Date de naissance : <b>%(date)s</b>") % {"date": _birthdate(candidate)}, "pupil"),
    ]
    when = _("Le <b>%(date)s</b> à <b>%(time)s</b>, salle <b>%(room)s</b>.") % {
        "date": _text(long_date(session)),
        "time": _text(start_time(session)),
        "room": _text(session.room),
    }
    steps = [
        _p(f"<b>{index}.</b>{NBSP}{NBSP}{text}", "pupil_step")
        for index, text in enumerate(_joining_steps(session), start=1)
    ]
    return [
        _p(_("Bonjour %(name)s !") % {"name": _text(candidate.first_name)}, "title"),
        _p(_("Tu vas passer la certification de tes compétences numériques."), "pupil"),
        _p(when, "pupil"),
        Spacer(1, 3 * mm),
        _boxed([_p(_("Ton numéro de session"), "center"), _p(str(session.number), "number")]),
        Spacer(1, 3 * mm),
        _boxed(identity, background=SHADE),
        _p(_("Le jour de la certification"), "pupil_h2"),
        *steps,
        _p(_("Bon à savoir"), "pupil_h2"),
        _p(_("Ton téléphone reste éteint, dans ton sac. N'ouvre aucun autre onglet."), "pupil"),
        _p(
            _("Un souci avec l'ordinateur ? Lève la main : tu reprendras là où tu en étais."),
            "pupil",
        ),
        _p(
            _("Tout savoir sur la certification : %(url)s") % {"url": _text(links.practice)},
            "pupil",
        ),
    ]


def pupil_notices_pdf(session: Session, links: Links) -> bytes:
    """One page per candidate, in the attendance sheet's order."""
    story: list[Flowable] = []
    for candidate in sorted_candidates(session):
        if story:
            story.append(PageBreak())
        story += _notice_page(session, candidate, links)
    if not story:
        story.append(_p(_("Aucun candidat inscrit.")))
    return build_pdf(session, _("Notice élève"), story)


# --- The list the « Documents » tab shows -----------------------------------------------------


@dataclass(frozen=True)
class Document:
    slug: str
    title: str | Promise
    description: str | Promise
    build: Callable[[Session, Links], bytes]

    def filename(self, session: Session, extension: str = "pdf") -> str:
        return f"{self.slug}-session-{session.number}.{extension}"


DOCUMENTS = {
    document.slug: document
    for document in (
        Document(
            "feuille-emargement",
            gettext_lazy("Feuille d'émargement"),
            gettext_lazy(
                "La liste des candidats par ordre alphabétique, avec le temps majoré et une case "
                "pour signer ; les surveillants signent à la fin."
            ),
            attendance_sheet_pdf,
        ),
        Document(
            "kit-surveillant",
            gettext_lazy("Kit surveillant"),
            gettext_lazy(
                "Le numéro de session, le mot de passe surveillant, le code d'accès et le "
                "déroulé de la session pas à pas. À ne pas montrer aux élèves."
            ),
            invigilator_kit_pdf,
        ),
        Document(
            "pv-incident",
            gettext_lazy("PV d'incident"),
            gettext_lazy("Un formulaire à remplir à la main pour chaque incident."),
            incident_report_pdf,
        ),
        Document(
            "pv-fraude",
            gettext_lazy("PV de fraude"),
            gettext_lazy("Un formulaire à remplir à la main en cas de fraude constatée."),
            fraud_report_pdf,
        ),
        Document(
            "notices-eleves",
            gettext_lazy("Notices élèves"),
            gettext_lazy(
                "Une page par élève : son numéro de session, ses informations telles qu'il doit "
                "les saisir et les étapes pour rejoindre la session."
            ),
            pupil_notices_pdf,
        ),
    )
}
