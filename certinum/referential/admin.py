from django.contrib import admin

from certinum.referential.models import Area, Challenge, Competence, Skill, Tube


class CompetenceInline(admin.TabularInline[Competence, Area]):
    model = Competence
    extra = 0


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin[Area]):
    list_display = ["code", "title"]
    inlines = [CompetenceInline]


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin[Competence]):
    list_display = ["code", "name", "area"]
    list_filter = ["area"]


@admin.register(Tube)
class TubeAdmin(admin.ModelAdmin[Tube]):
    list_display = ["name", "title", "competence"]
    list_filter = ["competence"]
    search_fields = ["name", "title"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin[Skill]):
    list_display = ["name", "tube", "level", "pix_value"]
    list_filter = ["tube__competence", "level"]
    search_fields = ["name", "description"]


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin[Challenge]):
    list_display = ["key", "skill", "type", "status", "timer", "focused", "locale"]
    list_filter = ["type", "status", "focused", "skill__tube__competence", "locale"]
    search_fields = ["key", "statement", "skill__name"]
    list_select_related = ["skill"]
    raw_id_fields = ["skill"]
    fieldsets = [
        (None, {"fields": ["key", "skill", "type", "status", "locale", "statement"]}),
        (
            "Réponse",
            {
                "fields": [
                    "proposals",
                    "inputs",
                    "solution",
                    "scoring",
                    "format",
                    "t1_enabled",
                    "t2_enabled",
                    "t3_enabled",
                ]
            },
        ),
        (
            "Présentation",
            {
                "fields": [
                    "timer",
                    "focused",
                    "illustration",
                    "illustration_alt",
                    "attachments",
                    "embed_url",
                    "embed_title",
                    "embed_height",
                    "timer_reason",
                    "explanation",
                ]
            },
        ),
        (
            "Accessibilité",
            {"fields": ["screen_reader_friendly", "colour_blind_friendly", "visual"]},
        ),
        ("Relecture", {"fields": ["reviewed_by", "reviewed_on"]}),
        ("Psychométrie (IRT)", {"fields": ["irt_discrimination", "irt_difficulty"]}),
        ("Suivi", {"fields": ["sources", "perishable", "review_before"]}),
    ]
