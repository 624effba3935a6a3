"""Off-platform deal helpers: a brand contact of Northstar's, and an e-mail to attach."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from contacts import actions
from tests.campaigns.conftest import role_of

EML = (
    b"From: Ines Moreau <ines@solene.example>\r\n"
    b"To: manager@northstar.example\r\n"
    b"Date: Mon, 7 Dec 2026 10:00:00 +0000\r\n"
    b"Subject: Re: Maya x Solene\r\n\r\nWe accept, thanks!\r\n"
)


def eml(name="accept.eml", data=EML):
    return SimpleUploadedFile(name, data, content_type="message/rfc822")


@pytest.fixture
def as_manager(cast):
    return {"role": role_of(cast.manager, "agency"), "actor": cast.manager}


@pytest.fixture
def contact(cast, as_manager):
    return actions.add_contact(
        company="Solène Cosmetics", name="Inès Moreau", email="ines@solene.example", **as_manager
    )
