"""The disclosure check of a posted video (issue 19): its caption carries every hashtag and
mention the campaign's brief requires, and an ad disclosure — `#ad` or `#sponsored` in the
caption, or TikTok's "Paid partnership" label when the imported data says the post has it.

Tags compare as whole tags, case-insensitively and in any order: `#AD` counts as `#ad`,
`#adventure` does not, and `@GlowSkin.` at the end of a sentence is `@glowskin`. The caption
read is the imported video's when the creator's video of that id was imported with one, else
the one typed at "Mark as posted".
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from creators.models import Platform, Video

AD_TAGS = ("#ad", "#sponsored")
HASHTAG = re.compile(r"#(\w+)")
MENTION = re.compile(r"@([\w.]+)")


class CaptionSource:
    IMPORTED = "imported"
    ENTERED = "entered"


def normalized(tag: str, mark: str) -> str:
    """ "GlowSkin", "#GlowSkin " → "#glowskin" (mark "#"); "@Glow.Skin." → "@glow.skin"."""
    tag = tag.strip().lstrip(mark).rstrip(".").casefold()
    return f"{mark}{tag}" if tag else ""


def tags_in(caption: str) -> set[str]:
    """Every hashtag and mention of the caption, normalized: whole tags only."""
    found = {normalized(m, "#") for m in HASHTAG.findall(caption or "")}
    found |= {normalized(m, "@") for m in MENTION.findall(caption or "")}
    return found - {""}


def required_of(campaign) -> tuple[list[str], list[str]]:
    """The brief's hashtags and mentions, normalized, duplicates dropped, in the brief's order."""
    hashtags = [normalized(t, "#") for t in campaign.hashtags or []]
    mentions = [normalized(t, "@") for t in campaign.mentions or []]
    return _unique(hashtags), _unique(mentions)


def _unique(tags: list[str]) -> list[str]:
    return list(dict.fromkeys(t for t in tags if t))


@dataclass(frozen=True)
class Disclosure:
    """What a posted caption lacks. `caption_source` None: no caption to check yet."""

    caption_source: str | None
    missing_hashtags: list[str] = field(default_factory=list)
    missing_mentions: list[str] = field(default_factory=list)
    ad_disclosed: bool = False
    by_label: bool = False  # disclosed by TikTok's paid-partnership label

    @property
    def ok(self) -> bool:
        return (
            self.caption_source is not None
            and self.ad_disclosed
            and not self.missing_hashtags
            and not self.missing_mentions
        )

    @property
    def missing(self) -> list[str]:
        """Each missing item as the page and the notification's record name it."""
        items = [*self.missing_hashtags, *self.missing_mentions]
        if not self.ad_disclosed:
            items.append(_("an ad disclosure (#ad, #sponsored or the paid-partnership label)"))
        return items


def check(caption: str, *, hashtags, mentions, paid_partnership=None, source=None) -> Disclosure:
    """The caption against the required hashtags and mentions (normalized, see `required_of`)."""
    found = tags_in(caption)
    by_label = paid_partnership is True
    return Disclosure(
        caption_source=source,
        missing_hashtags=[t for t in hashtags if t not in found],
        missing_mentions=[t for t in mentions if t not in found],
        ad_disclosed=by_label or any(tag in found for tag in AD_TAGS),
        by_label=by_label,
    )


def check_deliverable(deliverable, video=None) -> Disclosure:
    """A posted deliverable against its campaign's brief: the imported video's caption and label
    when `video` (the creator's video of its id) has them, else the caption typed when posted."""
    hashtags, mentions = required_of(deliverable.offer.campaign)
    label = video.paid_partnership if video is not None else None
    if video is not None and video.caption:
        caption, source = video.caption, CaptionSource.IMPORTED
    elif deliverable.caption:
        caption, source = deliverable.caption, CaptionSource.ENTERED
    else:
        caption, source = "", None
    if source is None and label is True:
        source = CaptionSource.IMPORTED  # the label is imported data, even without a caption
    return check(
        caption, hashtags=hashtags, mentions=mentions, paid_partnership=label, source=source
    )


def video_of(deliverable):
    """The creator's imported TikTok video of the deliverable's id (None when not imported)."""
    if not deliverable.video_id:
        return None
    return Video.objects.filter(
        platform=Platform.TIKTOK,
        video_id=deliverable.video_id,
        creator_id=deliverable.offer.creator_id,
    ).first()
