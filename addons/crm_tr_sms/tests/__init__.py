from . import test_campaign
from . import test_consent
from . import test_delivery_reports
from . import test_kvkk
from . import test_providers
from . import test_sms_api
from . import test_sms_parts
from . import test_unsubscribe
