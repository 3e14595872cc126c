from balie.catalog.models import IpdcConcept


def test_pages(admin_client, town, concepts):
    slug = town.municipality.slug
    base = f"/{slug}/backoffice/"
    concept = IpdcConcept.objects.first()
    for path in [
        "",
        "locations/",
        "locations/new/",
        f"locations/{town.location.pk}/",
        f"locations/{town.location.pk}/edit/",
        f"locations/{town.location.pk}/hours/",
        f"counters/{town.counter_a.pk}/hours/",
        "closing-days/",
        "products/",
        "products/concepts/",
        f"products/concepts/{concept.pk}/",
        f"products/{town.eid.pk}/",
        "rules/",
        "appointments/",
        "appointments/export.csv",
    ]:
        r = admin_client.get(base + path)
        assert r.status_code == 200, (path, r.status_code, r.content[:3000])
