"""Seed the official calendar with every year the installed chinese-calendar package knows.

Years added to the package later are loaded with `openvillage calendar seed`; years the package
does not know yet are entered by a county administrator from the State Council notice.
"""

from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    import chinese_calendar

    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarYear = apps.get_model("core", "CalendarYear")
    years = {d.year for d in chinese_calendar.holidays}
    known = set(CalendarYear.objects.values_list("year", flat=True))
    new_years = years - known
    days = [
        CalendarDay(date=d, kind=kind, name=str(name)[:60])
        for kind, table in (("holiday", chinese_calendar.holidays), ("workday", chinese_calendar.workdays))
        for d, name in table.items()
        if d.year in new_years
    ]
    CalendarDay.objects.bulk_create(days, batch_size=500)
    now = timezone.now()
    CalendarYear.objects.bulk_create(
        [
            CalendarYear(year=y, source="package", loaded_at=now, note="chinese-calendar")
            for y in sorted(new_years)
        ]
    )


def unseed(apps, schema_editor):
    CalendarYear = apps.get_model("core", "CalendarYear")
    CalendarDay = apps.get_model("core", "CalendarDay")
    years = list(CalendarYear.objects.filter(source="package").values_list("year", flat=True))
    for year in years:
        CalendarDay.objects.filter(date__year=year).delete()
    CalendarYear.objects.filter(year__in=years).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_calendarday_calendaryear")]

    operations = [migrations.RunPython(seed, unseed)]
