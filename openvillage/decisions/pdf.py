"""The printable case record (archives): every step, vote, flag, objection and evidence list.

Set in Noto Sans CJK SC like the notice-board posters (``disclosure.posters.chinese_font``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from fpdf import FPDF

from openvillage.core.text import gettext_noop
from openvillage.decisions import store
from openvillage.decisions.labels import label
from openvillage.decisions.models import Case
from openvillage.disclosure.posters import FONT, chinese_font

MARGIN = 15

# Labels used inside f-strings below, marked here because makemessages does not read calls
# inside f-strings.
_FSTRING_LABELS = (
    gettext_noop("Closed on"),
    gettext_noop("superseded"),
    gettext_noop("Signed in"),
    gettext_noop("Flag"),
)


def _line(pdf: FPDF, text: str, size: int = 10) -> None:
    pdf.set_font(FONT, size=size)
    pdf.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")


def case_record(case: Case) -> bytes:
    """Return the PDF of the case record, labelled in the active language."""
    power_list = store.parsed(case.power_list)
    path, index = chinese_font()
    pdf = FPDF(format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, MARGIN)
    pdf.add_font(FONT, "", path, collection_font_number=index)
    pdf.set_title(_("Case record %(n)s") % {"n": case.pk})
    pdf.add_page()
    _line(pdf, _("Case record %(n)s") % {"n": case.pk} + f" · {case.village.name}", 16)
    _line(pdf, f"{_('Power')}: {power_list.power(case.power_code).name}")
    _line(pdf, f"{_('Procedure')}: {power_list.procedure(case.procedure_code).name}")
    region = label("region", case.power_list.region)
    _line(pdf, f"{_('Power list')}: {region} {case.power_list.version} "
               f"(sha256 {case.power_list.sha256[:16]})")  # fmt: skip
    amount = "—" if case.amount is None else f"{case.amount:,}"
    _line(
        pdf, f"{_('Amount (yuan)')}: {amount} · {_('Status')}: {label('case_status', case.status)}"
    )
    _line(pdf, f"{_('Opened on')}: {case.opened_on} · {_('Closed on')}: {case.closed_on or '—'}")
    _line(pdf, case.description)
    for record in case.records.order_by("seq").prefetch_related("evidence", "attendees", "flags"):
        pdf.ln(2)
        step, body = label("step", record.step_code), label("body", record.body)
        head = f"{record.seq}. {step} · {body} · {record.held_on}"
        if record.superseded:
            head += f" ({_('superseded')})"
        _line(pdf, head, 12)
        if record.should_attend is not None:
            _line(
                pdf,
                f"{_('Should attend')} {record.should_attend} · {_('present')} {record.present} · "
                f"{_('for')} {record.votes_for} · {_('against')} {record.votes_against} · "
                f"{_('abstaining')} {record.votes_abstain} · {label('outcome', record.outcome)}",
            )
        else:
            _line(pdf, label("outcome", record.outcome))
        if record.notice_given_on:
            _line(pdf, f"{_('Notice given on')}: {record.notice_given_on}")
        names = ", ".join(p.name for p in record.attendees.all())
        if names:
            _line(pdf, f"{_('Signed in')}: {names}")
        if record.minutes:
            _line(pdf, f"{_('Minutes')}: {record.minutes}")
        for ev in record.evidence.all():
            _line(pdf, f"- {label('evidence', ev.kind)}: {ev.name} sha256 {ev.sha256}")
        for flag in record.flags.all():
            resolution = flag.get_resolution_display() or "—"
            _line(pdf, f"{_('Flag')}: {flag.reason} → {resolution} {flag.answer}")
    objections = list(case.objections.all())
    if objections:
        pdf.ln(2)
        _line(pdf, _("Objections"), 12)
        for o in objections:
            _line(pdf, f"{o.received_on}: {o.text} → {o.answer or '—'}")
    return bytes(pdf.output())
