"""Shared helpers for loading round data from fixtures and for the demo data."""

# The password of every demo account (README's table); demo data only, never production.
DEMO_PASSWORD = "Pilot-2018"


def seed_upsert(model, *, lookup: dict, values: dict, overwrite: bool):
    """Create the row if missing; change an existing one only when asked to.

    The bureau edits the catalogue and rules in the portal, so a reseed must not
    silently undo those edits.
    """
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if not created and overwrite:
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        for k in changed:
            setattr(obj, k, values[k])
        if changed:
            obj.save(update_fields=changed)
    return obj
