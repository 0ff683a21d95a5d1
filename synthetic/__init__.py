"""The synthetic county generator: realistic, clearly marked, monthly 903 extracts.

`write_county` writes a landing area for one LA; `generate_county` is the core simulation
(one LA's whole history), reusable at national scale with each LA's own profile and pools.
"""

from .county import generate_county, write_county
from .postcodes import PostcodePools, build_pools
from .profile import CAMBRIDGESHIRE, CountyProfile, county_profile
from .records import CountyRecords
from .snapshots import cut_snapshot

__all__ = [
    "CAMBRIDGESHIRE",
    "CountyProfile",
    "CountyRecords",
    "PostcodePools",
    "build_pools",
    "county_profile",
    "cut_snapshot",
    "generate_county",
    "write_county",
]
