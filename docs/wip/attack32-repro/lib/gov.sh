# GOV CA helpers (source after common.sh): gov_setup ; gov_letter FILE IIN [IIN2 ...] ; gov_issue APP PERSON OUTBASE
gov_setup() {
    as admin ca add --code GOV --name "Attack Gov CA" --kind government || { show $?; return 1; }
    as admin ca init --code GOV --key-algorithm p256 --key-out "$W/gov.p8" --passphrase-file "$W/ca.pass" --cert-out "$W/gov.pem" || { show $?; return 1; }
    pointers GOV
    echo "Holder-Pass-2026-xyz" > $W/p12.pw; chmod 600 $W/p12.pw
}
gov_letter() { # FILE IIN...
    local f=$1; shift; local d; d=$(TZ=Asia/Almaty date +%F)
    { echo "{\"org_name\":\"Ministry of Tests\",\"letter_no\":\"17-1\",\"letter_date\":\"$d\",\"head_full_name\":\"Head Person\",\"persons\":["
      local first=1 i
      for i in "$@"; do [ $first = 1 ] || echo ","; first=0
        echo "{\"surname\":\"Seitkali\",\"name\":\"Nurlan\",\"iin\":\"$i\",\"id_doc_number\":\"N123456\",\"id_doc_issued_by\":\"MVD\",\"id_doc_issue_date\":\"2020-01-10\",\"country\":\"KZ\",\"region\":\"Astana\",\"organisation\":\"Ministry of Tests\",\"position\":\"Analyst\",\"usage\":[\"edms\"],\"validity\":\"1y\",\"key_media\":\"token\",\"application_date\":\"$d\"}"
      done; echo "]}"; } > $f
}
gov_submit_approve() { # FILE -> APP
    as op application submit --ca GOV --form GOV-ISSUE --data "$1" --attachments identity_document_copy --consent --json || { show $?; return 1; }
    APP=$(jget id); as off2 application approve "$APP" || { show $?; return 1; }
}
gov_issue() { # APP PERSON OUTBASE -> SERIAL
    as off1 certificate issue --application "$1" --person "$2" --pkcs12-out "$3.p12" --pkcs12-password-file $W/p12.pw \
       --media-serial "TOKEN-$RANDOM" --recipient-name "Recipient Person" --recipient-position "Clerk" --recipient-order "12-П" \
       --recipient-order-date "$(TZ=Asia/Almaty date +%F)" --out "$3.pem" --ca-passphrase-file "$W/ca.pass" --json || return $?
    SERIAL=$(jget serial)
}
legal_app() { # FILE IIN SURNAME ROLE BIN
    local d; d=$(TZ=Asia/Almaty date +%F)
    cat >"$1" <<J
{"bin":"$5","org_name":"Tengri Trade LLP","short_name":"Tengri Trade","iin":"$2","surname":"$3","name":"Aliya","role":"$4",
 "region":"Almaty","city":"Almaty","email":"x@example.kz","phone":"+77011234567","usage":["sign"],"validity":"1y","key_media":"file",
 "application_date":"$d"}
J
}
legal_submit_approve() { # FILE -> APP
    as op application submit --ca NCA --form NCA-ISSUE-LEGAL --data "$1" --attachments identity_document_copy,state_registration,power_of_attorney --consent --json || { show $?; return 1; }
    APP=$(jget id); as off2 application approve "$APP" || { show $?; return 1; }
}
