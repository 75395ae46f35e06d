import { useEffect, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";
import { SmsWidget } from "@sms/components/sms_widget/fields_sms_widget";
import { smsCapacity, smsEncoding, smsParts, smsUnits } from "./sms_parts";

const ENCODING_LABELS = {
    GSM7: () => _t("GSM-7"),
    TURKISH: () => _t("Turkish alphabet"),
    UNICODE: () => _t("Unicode"),
};

/**
 * Odoo counts ş ğ ı İ ç as Unicode (70/67 characters a part) and newlines twice; Turkish
 * operators bill them in the Turkish alphabet (155/149). Count as they bill, what is sent
 * (on an SMS campaign: links as short links, the unsubscribe link and a commercial
 * message's opt-out instruction, as mailing.mailing._crm_tr_body_as_sent counts), and
 * count while the user types, at every keystroke.
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
    get _crmTrIsCampaign() {
        return this.props.record.resModel === "mailing.mailing";
    },
    get _crmTrOptOutInstruction() {
        const data = this.props.record.data;
        if (!this._crmTrIsCampaign || data.crm_tr_message_type !== "commercial") {
            return "";
        }
        return data.crm_tr_optout_text || "";
    },
    get _crmTrText() {
        let text = this.crmTrLive.text ?? this.props.record.data[this.props.name] ?? "";
        const instruction = this._crmTrOptOutInstruction;
        if (instruction && !text.includes(instruction)) {
            text = `${text}\n${instruction}`;
        }
        // mass_mailing_sms: links counted as their short form.
        text = this._getValueForSmsCounts(text);
        if (
            this._crmTrIsCampaign &&
            this.props.record.data.sms_allow_unsubscribe &&
            this.linkReplacementsPlaceholders
        ) {
            text += this.linkReplacementsPlaceholders.unsubscribe;
        }
        return text;
    },
    get encoding() {
        return smsEncoding(this._crmTrText);
    },
    get crmTrEncodingLabel() {
        return ENCODING_LABELS[this.encoding]();
    },
    get nbrChar() {
        return smsUnits(this._crmTrText, this.encoding);
    },
    get nbrCharExplanation() {
        const included = [];
        if (this.noticeLinksReplaced) {
            included.push(_t("link trackers"));
        }
        if (this._crmTrIsCampaign && this.props.record.data.sms_allow_unsubscribe) {
            included.push(_t("opt-out link"));
        }
        if (this._crmTrOptOutInstruction) {
            included.push(_t("opt-out instruction"));
        }
        return included.length ? _t(" (including %s)", included.join(", ")) : "";
    },
    get smsCapacity() {
        return smsCapacity(this.nbrSMS, this.encoding);
    },
    _countSMS(nbrChar, encoding) {
        return smsParts(nbrChar, encoding);
    },
});
