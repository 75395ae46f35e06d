# Demo data helpers, called by <function> elements of the demo XML files only.
from . import res_lang
