from . import test_visit
from . import test_visit_concurrency
from . import test_ui_rep
from . import test_visit_scheduler
from . import test_route_sheet
from . import test_ui_planning
from . import test_ui_schedule
from . import test_referral
