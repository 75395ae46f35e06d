from . import phone
from . import sms_api_tr
