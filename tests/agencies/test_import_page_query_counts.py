"""The import pages read a fixed number of queries, however long the file or the list of jobs:
pinned at two sizes (LF-2)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from creators.models import ImportJob
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db
PINNED = {"imports": 6, "preview": 15}


def videos(rows: int) -> bytes:
    lines = ["id,create_time,user_name,n_plays,n_likes,n_comments,n_shares"]
    lines += [f"6{i:018d},{1764500000 + i},mayamoves,{100 + i},5,1,1" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("rows", [3, 300])
def test_the_import_pages_read_the_same_queries_at_any_size(cast, login, rows):
    client = login(cast.manager)
    for n in range(rows // 100 + 1):
        file = SimpleUploadedFile(f"v{n}.csv", videos(rows))
        assert (
            client.post(reverse("agencies:imports"), {"kind": "videos", "file": file}).status_code
            == 302
        )
    job = ImportJob.objects.filter(created_by=cast.manager).first()
    preview = reverse("agencies:import", args=[job.public_id])
    client.get(preview)  # warm the session and the caches
    assert count_queries(lambda: client.get(reverse("agencies:imports"))) == PINNED["imports"]
    assert count_queries(lambda: client.get(preview)) == PINNED["preview"]
