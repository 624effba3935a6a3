"""A small sample file of each kind, offered for download on the import page: a user starts
from one that imports as it is (tests import each). Its dates are the two days before today, so
the file is never too old to import (a videos file older than a week asks for its date) nor dated
in the future in any time zone."""

import json
from datetime import date, timedelta

CREATORS_CSV = (
    "handle,display_name,followers,following,total_likes,video_count,country,category,date\n"
    '@yourcreator,Your Creator,125400,310,2.4M,412,France,"Food, Travel",{yesterday}\n'
    "@another.one,Another One,98.2K,N/A,,205,Côte d'Ivoire,Beauty,{yesterday}\n"
)
VIDEOS_CSV = (
    "video_id,handle,posted_at,views,likes,comments,shares,saves,duration,followers\n"
    "7351000000000000001,@yourcreator,{before}T18:30:00Z,48200,3900,41,27,120,34,125400\n"
    "7351000000000000002,@yourcreator,{yesterday}T12:05:00Z,1.2M,98.1K,N/A,950,,21,125400\n"
)
TIKTOK_JSON = json.dumps(
    {
        "data": {
            "user": {
                "open_id": "sample-open-id",
                "display_name": "Your Creator",
                "username": "yourcreator",
                "follower_count": 125400,
                "following_count": 310,
                "likes_count": 2400000,
                "video_count": 412,
            }
        },
        "error": {"code": "ok", "message": "", "log_id": "sample"},
    },
    indent=2,
)

SAMPLES = {
    "creators": ("talentdesk-creators-sample.csv", "text/csv", CREATORS_CSV),
    "videos": ("talentdesk-videos-sample.csv", "text/csv", VIDEOS_CSV),
    "tiktok": ("talentdesk-tiktok-sample.json", "application/json", TIKTOK_JSON),
}


def sample(kind: str, today: date) -> tuple[str, str, str]:
    """(file name, content type, text) of the `kind` sample, dated the two days before `today`."""
    filename, content_type, text = SAMPLES[kind]
    dates = {
        "{yesterday}": (today - timedelta(days=1)).isoformat(),
        "{before}": (today - timedelta(days=2)).isoformat(),
    }
    for mark, day in dates.items():
        text = text.replace(mark, day)
    return filename, content_type, text
