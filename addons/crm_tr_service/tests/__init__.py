from . import test_service_case
