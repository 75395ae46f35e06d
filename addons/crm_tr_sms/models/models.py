from odoo import models
from odoo.exceptions import UserError

from ..tools.phone import has_letters


class Base(models.AbstractModel):
    _inherit = "base"

    def _phone_format_number(self, number, country, force_format="E164", raise_exception=False):
        """A number with letters is no number. phonenumbers reads three or more letters as
        keypad digits ("0532 XXX XX XX" → +905329999999, a stranger's phone), so Odoo's SMS
        composer, chatter SMS, blacklist and formatting would all use that stranger's number:
        such an entry is refused (an extension marker such as "dahili 12" aside)."""
        if number and has_letters(number):
            if raise_exception:
                raise UserError(
                    self.env._("%s contains letters: a masked or placeholder number is not a phone number.", number)
                )
            return False
        return super()._phone_format_number(number, country, force_format=force_format, raise_exception=raise_exception)
