from . import test_service_case
from . import test_service_screens
from . import test_ui_technician
