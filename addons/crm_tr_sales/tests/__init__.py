from . import test_visit
from . import test_visit_concurrency
from . import test_ui_rep
