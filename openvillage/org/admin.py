from django.contrib import admin

from openvillage.org import models


@admin.register(models.Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "kind", "parent"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name"]
    readonly_fields = ["path"]

    def save_model(self, request, obj, form, change):
        if change:  # a rename shows on the public pages: move their validators on
            obj.public_version += 1
        super().save_model(request, obj, form, change)


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "village", "gender", "birth_date", "id_masked", "party_status"]
    list_filter = ["party_status", "gender"]
    search_fields = ["name"]
    readonly_fields = ["id_masked"]
    exclude = ["id_hash"]
    raw_id_fields = ["village", "party_organization"]


@admin.register(models.Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["person", "village", "body", "post", "started_on", "ended_on"]
    list_filter = ["body", "post"]
    raw_id_fields = ["person", "village"]


for model in (
    models.PartyOrganization,
    models.DispatchedCadre,
    models.ReserveCadre,
    models.Household,
    models.RollEntry,
):
    admin.site.register(model)
