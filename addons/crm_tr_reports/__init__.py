from . import report
from . import models
