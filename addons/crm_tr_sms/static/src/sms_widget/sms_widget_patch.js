import { useEffect, useState } from "@odoo/owl";
import { patch } from "@web/core/utils/patch";
import { SmsWidget } from "@sms/components/sms_widget/fields_sms_widget";
import { smsCapacity, smsEncoding, smsParts, smsUnits } from "./sms_parts";

/**
 * Odoo counts ş ğ ı İ ç as Unicode (70/67 characters a part) and newlines twice; Turkish
 * operators bill them in the Turkish alphabet (155/149). Count as they bill, and count
 * while the user types (the record itself only changes when the textarea loses focus).
 */
patch(SmsWidget.prototype, {
    setup() {
        super.setup(...arguments);
        this.crmTrLive = useState({ text: null });
        useEffect(
            (el) => {
                if (!el) {
                    return;
                }
                const onInput = () => {
                    this.crmTrLive.text = el.value;
                };
                el.addEventListener("input", onInput);
                return () => el.removeEventListener("input", onInput);
            },
            () => [this.targetEditElement?.el]
        );
        useEffect(
            () => {
                this.crmTrLive.text = null;
            },
            () => [this.props.record.data[this.props.name]]
        );
    },
    get _crmTrText() {
        const text = this.crmTrLive.text ?? this.props.record.data[this.props.name] ?? "";
        return this._getValueForSmsCounts(text);
    },
    get encoding() {
        return smsEncoding(this._crmTrText);
    },
    get nbrChar() {
        // mass_mailing_sms adds the opt-out link's length on top of this.
        return smsUnits(this._crmTrText, this.encoding);
    },
    get smsCapacity() {
        return smsCapacity(this.nbrSMS, this.encoding);
    },
    _countSMS(nbrChar, encoding) {
        return smsParts(nbrChar, encoding);
    },
});
