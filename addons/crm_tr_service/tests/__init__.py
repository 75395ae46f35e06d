from . import test_service_case
from . import test_service_screens
from . import test_ui_technician
from . import test_service_visit
from . import test_ui_my_day
from . import test_visit_rating
from . import test_service_case_sla
