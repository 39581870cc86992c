"""Re-encrypt every identity number and original list under the first of FIELD_ENCRYPTION_KEYS.

Procedure (docs/security.md): pin FIELD_HASH_KEY, put the new key first in
FIELD_ENCRYPTION_KEYS (the old one after it, so everything stays readable meanwhile), deploy,
run this command, then drop the old key. Idempotent: a value already under the first key is
left alone; lookup hashes are recomputed under FIELD_HASH_KEY as the numbers are read.
"""

import os

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from apps.cases import idcard
from apps.cases.models import Client, TargetListImport
from apps.core.models import AuditEvent, BulkImport

BATCH = 500


class Command(BaseCommand):
    help = "用第一个 FIELD_ENCRYPTION_KEYS 密钥重新加密全部身份证号与原始名单文件。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只统计,不写入")

    def handle(self, *args, dry_run=False, **options):
        if "FIELD_HASH_KEY" not in os.environ:
            self.stderr.write(
                "提示:未显式设置 FIELD_HASH_KEY;去掉旧密钥前请将其设为原先的密钥,否则查重哈希会变化。"
            )
        clients = self._clients(dry_run)
        files = self._files(dry_run)
        if not dry_run:
            AuditEvent.objects.create(
                action="field_key_rotate",
                object_type="cases.client",
                object_id="*",
                data={"clients": clients, "files": files},
            )
        verb = "需重新加密" if dry_run else "已重新加密"
        self.stdout.write(f"{verb}:身份证号 {clients} 条,原始名单文件 {files} 个。")

    def _clients(self, dry_run: bool) -> int:
        changed = 0
        qs = Client.objects.exclude(id_cipher="").only("pk", "id_cipher", "id_hash").order_by("pk")
        batch = []
        for client in qs.iterator(chunk_size=BATCH):
            value = idcard.decrypt(client.id_cipher)
            digest = idcard.id_hash(value)
            current = idcard.is_current(client.id_cipher)
            if current and digest == client.id_hash:
                continue
            changed += 1
            if not current:
                client.id_cipher = idcard.rotate(client.id_cipher)
            client.id_hash = digest
            batch.append(client)
            if len(batch) >= BATCH:
                self._save(batch, dry_run)
                batch = []
        self._save(batch, dry_run)
        return changed

    @staticmethod
    def _save(batch, dry_run: bool) -> None:
        if batch and not dry_run:
            with transaction.atomic():
                Client.objects.bulk_update(batch, ["id_cipher", "id_hash"])

    def _files(self, dry_run: bool) -> int:
        """Each list's and bulk import's original file and the checked rows stored beside it
        (``.checked``)."""
        changed = 0
        stored = [
            i.stored_file
            for model in (TargetListImport, BulkImport)
            for i in model.objects.exclude(stored_file="").order_by("pk")
        ]
        for field in stored:
            storage, name = field.storage, field.name
            for path in (name, f"{name}.checked"):
                if not storage.exists(path):
                    continue
                with storage.open(path, "rb") as fh:
                    data = fh.read()
                if idcard.is_current(data):
                    continue
                changed += 1
                if dry_run:
                    continue
                # A copy under a temporary name first (nothing lost if the process dies), then
                # the same name again: storage renames a name that still exists, so delete first.
                rotated = idcard.rotate_bytes(data)
                spare = storage.save(path + ".rotating", ContentFile(rotated))
                storage.delete(path)
                final = storage.save(path, ContentFile(rotated))
                storage.delete(spare)
                if final != path:
                    raise RuntimeError(f"re-encrypted file saved as {final}, expected {path}")
        return changed
