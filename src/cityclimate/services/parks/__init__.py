"""Zero-carbon parks and low-carbon pilots on the platform (issue 18): definitions and
boundary versions (:mod:`.registry`), sector pilot data (:mod:`.sector`), the park inventory,
evaluation, publication and disclosure (:mod:`.evaluation`)."""

from cityclimate.services.parks.evaluation import (
    attributes_of,
    disclosures,
    evaluate,
    inventory_view,
    park_inventory,
    publish,
    published_years,
)
from cityclimate.services.parks.registry import (
    DATA_KINDS,
    data_frame,
    list_parks,
    load_park,
    member_names,
    park_from_json,
    park_json,
    put_data,
    save_park,
)
from cityclimate.services.parks.sector import (
    put_sector,
    sector_actuals,
    sector_frame,
    sector_summary,
)

__all__ = [
    "DATA_KINDS",
    "attributes_of",
    "data_frame",
    "disclosures",
    "evaluate",
    "inventory_view",
    "list_parks",
    "load_park",
    "member_names",
    "park_from_json",
    "park_inventory",
    "park_json",
    "publish",
    "published_years",
    "put_data",
    "put_sector",
    "save_park",
    "sector_actuals",
    "sector_frame",
    "sector_summary",
]
