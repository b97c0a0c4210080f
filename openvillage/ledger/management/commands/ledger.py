"""`openvillage ledger mirror|export|audit|sign`: the public record from the command line."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openvillage.ledger import offline, selectors, services, signing
from openvillage.ledger.mirror import ForkDetected, MirrorError, mirror
from openvillage.ledger.models import Entry, TreeHead


class Command(BaseCommand):
    help = "Mirror, export, audit or sign the public record (the RFC 9162 Merkle log)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        m = sub.add_parser("mirror", help="Copy or extend a mirror of a server's public record.")
        m.add_argument("base_url", help="The site, e.g. https://county.example.org")
        m.add_argument("--dir", default="ledger-mirror", help="Mirror directory (created).")
        e = sub.add_parser("export", help="Write the whole log, heads and key to one JSON file.")
        e.add_argument("file")
        sub.add_parser("audit", help="Recompute the log from the stored records.")
        sub.add_parser("sign", help="Sign a tree head of the current size now.")

    def handle(self, *args, action: str, **options):
        getattr(self, f"do_{action}")(**options)

    def do_mirror(self, *, base_url: str, dir: str, **options) -> None:
        try:
            result = mirror(base_url, dir)
        except ForkDetected as error:
            raise CommandError(str(error), returncode=1) from None
        except MirrorError as error:
            raise CommandError(f"{error} (the mirror keeps what it had)", returncode=2) from None
        added = result.entries_after - result.entries_before
        new_heads = result.heads_after - result.heads_before
        self.stdout.write(
            f"mirror {dir}: {result.entries_after} entries (+{added}), "
            f"{result.heads_after} signed heads (+{new_heads}), all verified"
        )

    def do_export(self, *, file: str, **options) -> None:
        target = Path(file).resolve()
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                count = _write_export(out)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        self.stdout.write(f"exported {count} entries to {target}")

    def do_audit(self, **options) -> None:
        run = services.ledger_audit()
        if not run.ok:
            raise CommandError(f"self-audit FAILED: {run.message}", returncode=1)
        self.stdout.write(f"self-audit ok: {run.entries} entries, {run.heads} signed heads")

    def do_sign(self, **options) -> None:
        head = services.sign_tree_head(force=True)
        if head is None:
            raise CommandError("the log is empty: nothing to sign")
        self.stdout.write(f"signed: size {head.tree_size} root {head.root_hash}")


def _write_export(out, chunk: int = 5000) -> int:
    """Stream the log into ``out`` as an export (offline.EXPORT_FORMAT); return the entry count."""
    heads = [selectors.head_dict(h) for h in TreeHead.objects.order_by("id")]
    out.write('{"format":' + json.dumps(offline.EXPORT_FORMAT))
    out.write(',"public_key_pem":' + json.dumps(signing.public_key_pem()))
    out.write(',"heads":' + json.dumps(heads) + ',"entries":[\n')
    size, start = selectors.log_size(), 0
    while start < size:
        rows = Entry.objects.filter(index__gte=start, index__lt=start + chunk).order_by("index")
        lines = [
            json.dumps(row, ensure_ascii=False)
            for row in rows.values("index", "leaf_hash", "record")
        ]
        out.write(("," if start else "") + ",\n".join(lines) + "\n")
        start += chunk
    out.write("]}\n")
    return size
