from . import dlr
from . import unsubscribe
