"""Scores keep the basis the evaluator saw. Until now its snapshot values were stored as raw
decimals (``0.6304`` for a share, ``1E+1`` for ten); this rewrites each stored value that names
its snapshot in the form every page prints (``63%``, ``10``, apps.metrics.display). Same
numbers, only their writing; rows without a snapshot (team checks, notes) are left as they are.
"""

from django.db import migrations

from apps.metrics.display import indicator_value


def reformat(apps, schema_editor):
    Score = apps.get_model("evaluations", "Score")
    Snapshot = apps.get_model("metrics", "Snapshot")
    scores = [s for s in Score.objects.exclude(basis=[]).only("pk", "basis").iterator() if s.basis]
    ids = {
        row["snapshot_id"]
        for s in scores
        for row in s.basis
        if isinstance(row, dict) and row.get("snapshot_id")
    }
    snapshots = Snapshot.objects.select_related("rule").in_bulk(ids)
    changed = []
    for score in scores:
        dirty = False
        for row in score.basis:
            snapshot = snapshots.get(row.get("snapshot_id")) if isinstance(row, dict) else None
            if snapshot is not None:
                text = indicator_value(snapshot)
                dirty |= row.get("value") != text
                row["value"] = text
        if dirty:
            changed.append(score)
    Score.objects.bulk_update(changed, ["basis"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0001_initial"),
        ("metrics", "0003_snapshot_digest"),
    ]

    operations = [migrations.RunPython(reformat, migrations.RunPython.noop)]
