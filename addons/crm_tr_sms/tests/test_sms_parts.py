from odoo.tests import BaseCase, HttpCase, tagged

from ..tools.sms_parts import sms_parts


@tagged("post_install", "-at_install")
class TestSmsParts(BaseCase):
    def test_gsm7(self):
        self.assertEqual(sms_parts(""), ("gsm7", 0, 0))
        self.assertEqual(sms_parts("a" * 160), ("gsm7", 160, 1))
        self.assertEqual(sms_parts("a" * 161), ("gsm7", 161, 2))
        self.assertEqual(sms_parts("a" * 306), ("gsm7", 306, 2))
        self.assertEqual(sms_parts("a" * 307), ("gsm7", 307, 3))
        self.assertEqual(sms_parts("Ç Ö Ü ö ü"), ("gsm7", 9, 1), "Ç Ö Ü ö ü are in the GSM-7 alphabet")
        self.assertEqual(sms_parts("a\nb"), ("gsm7", 3, 1), "a newline is one character")

    def test_escaped_characters_count_twice(self):
        self.assertEqual(sms_parts("€" * 80), ("gsm7", 160, 1))
        self.assertEqual(sms_parts("€" * 81), ("gsm7", 162, 2))
        self.assertEqual(sms_parts("[x]"), ("gsm7", 5, 1))

    def test_turkish_alphabet(self):
        for letter in "ŞşĞğçıİ":
            self.assertEqual(sms_parts(letter)[0], "turkish", letter)
        self.assertEqual(sms_parts("ş" + "a" * 154), ("turkish", 155, 1))
        self.assertEqual(sms_parts("ş" + "a" * 155), ("turkish", 156, 2))
        self.assertEqual(sms_parts("ş" * 298), ("turkish", 298, 2))
        self.assertEqual(sms_parts("ş" * 299), ("turkish", 299, 3))
        self.assertEqual(sms_parts("ı" * 1043), ("turkish", 1043, 7))
        self.assertEqual(sms_parts("ş{"), ("turkish", 3, 1))

    def test_ucs2(self):
        self.assertEqual(sms_parts("Привет"), ("ucs2", 6, 1))
        self.assertEqual(sms_parts("ş" + "я" * 69), ("ucs2", 70, 1))
        self.assertEqual(sms_parts("я" * 71), ("ucs2", 71, 2))
        self.assertEqual(sms_parts("я" * 134), ("ucs2", 134, 2))
        self.assertEqual(sms_parts("😀" * 35), ("ucs2", 70, 1), "an emoji takes two UCS-2 units")


@tagged("post_install", "-at_install")
class TestSmsCounterTour(HttpCase):
    def test_counter_counts_like_turkish_operators(self):
        self.start_tour("/odoo", "crm_tr_sms_counter_tour", login="admin")
