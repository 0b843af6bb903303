"""Evidence files on every replica: the choice is one shared ATTACHMENTS_DIR (README, 多台服务器 / replicas). A file
saved by one process is read, checked against its sha256 and audited by another process (another replica) that has
the same DATABASE_URL and ATTACHMENTS_DIR."""

from __future__ import annotations

import os
import subprocess
import sys

from store import attachments
from tests.e2e.browser_helpers import ROOT
from tests.store.conftest import World

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
READER = """
import sys
from store import accounts, attachments, db
engine = db.get_engine(sys.argv[1])
who = accounts.actor_for(sys.argv[2], engine=engine)
info, content = attachments.read(who, sys.argv[3], engine=engine)
sys.stdout.buffer.write(content)
"""


def test_a_file_saved_by_one_replica_is_read_by_another(world: World, db_url: str) -> None:
    ent_a = world.actor("ent_a")
    info = attachments.save(ent_a, world.assessments["A"], "item1", "审计报告.pdf", PDF, engine=world.engine)
    env = {**os.environ, "ATTACHMENTS_DIR": str(attachments.attachments_dir())}
    out = subprocess.run([sys.executable, "-c", READER, db_url, ent_a.user_id or "", info.id], cwd=ROOT, env=env,
                         capture_output=True, timeout=60)
    assert out.returncode == 0, out.stderr.decode(errors="replace")
    assert out.stdout == PDF
