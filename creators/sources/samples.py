"""A small sample file of each kind, offered for download on the import page: a user starts
from one that imports as it is (tests import each)."""

import json

CREATORS_CSV = (
    "handle,display_name,followers,following,total_likes,video_count,country,category,date\n"
    '@yourcreator,Your Creator,125400,310,2.4M,412,France,"Food, Travel",2026-11-30\n'
    "@another.one,Another One,98.2K,N/A,,205,Côte d'Ivoire,Beauty,2026-11-30\n"
)
VIDEOS_CSV = (
    "video_id,handle,posted_at,views,likes,comments,shares,saves,duration,followers\n"
    "7351000000000000001,@yourcreator,2026-11-28T18:30:00Z,48200,3900,41,27,120,34,125400\n"
    "7351000000000000002,@yourcreator,2026-11-29T12:05:00Z,1.2M,98.1K,N/A,950,,21,125400\n"
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
