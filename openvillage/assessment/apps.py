from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "openvillage.assessment"
    verbose_name = _("Assessment")

    def ready(self) -> None:
        from openvillage.core import extensions
        from openvillage.core.roles import Role

        from . import facts

        # Facts read from the siblings' records (their models, read only, one query each).
        for name, label, fn in (
            (
                "disclosure_missed",
                _("Disclosures not published by their deadline"),
                facts.disclosures_missed,
            ),
            (
                "rectification_overdue",
                _("Rectifications not submitted by their deadline"),
                facts.rectifications_overdue,
            ),
            ("decision_step_flagged", _("Decision steps flagged"), facts.decision_steps_flagged),
            ("message_overdue", _("Villagers' messages answered late"), facts.messages_overdue),
            ("org_life_missed", _("Organizational life meetings missing"), facts.org_life_missed),
            ("training_completed", _("Training sessions attended"), facts.trainings_completed),
        ):
            if name not in extensions.assessment_facts:
                extensions.assessment_facts.register(
                    extensions.FactSource(name=name, label=label, facts=fn)
                )
        # A county review meeting's proposals for screening become candidates (supervision §6).
        from openvillage.supervision.services import SCREENING_PROPOSED

        from .review_meetings import propose_from_meeting

        extensions.subscribe(SCREENING_PROPOSED, propose_from_meeting)
        extensions.register_menu_entry(
            "assessment",
            label=_("Assessment"),
            url_name="assessment-home",
            roles=[
                Role.COUNTY_ADMIN,
                Role.TOWN_OFFICER,
                Role.VILLAGE_CLERK,
                Role.VILLAGE_SECRETARY,
                Role.COUNTY_SUPERVISOR,
            ],
            order=70,
        )
        extensions.register_staff_urls(
            "assessment", "openvillage.assessment.urls", prefix="assessment/"
        )
        extensions.register_attention(
            "assessment",
            roles=[
                Role.COUNTY_ADMIN,
                Role.TOWN_OFFICER,
                Role.VILLAGE_CLERK,
                Role.VILLAGE_SECRETARY,
            ],
            items=lambda user, today: _selectors().attention(user, today),
            order=70,
        )
        from . import public, stats

        extensions.register_public_urls("assessment", "openvillage.assessment.public", order=70)
        extensions.register_village_section(
            "assessment", template="assessment/public/_section.html",
            context=public.village_section, stamp=public.village_stamp, order=70,
        )  # fmt: skip

        extensions.register_stat(
            "assessment.five_star", label=_("Five-star party organizations"),
            fill=stats.five_star, kind="snapshot", order=70, link=stats.ratings_link,
        )  # fmt: skip
        extensions.register_stat(
            "assessment.weak", label=_("Weak and scattered organizations under rectification"),
            fill=stats.weak_rectifying, kind="snapshot", order=71, link=stats.weak_link,
        )  # fmt: skip
        extensions.register_demo_builder(
            "assessment", lambda options: _demo().build(options), after=("disclosure",), order=80
        )


def _selectors():
    from . import selectors

    return selectors


def _demo():
    from . import demo

    return demo
