<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="kk_KZ" sourcelanguage="en">
<context>
    <name>tirkeu-ocsp</name>
    <message>
        <source>OCSP responder (RFC 6960) of a Tirkeu register.</source>
        <translation>Tirkeu тіркелімінің OCSP жауап берушісі (RFC 6960).</translation>
    </message>
    <message>
        <source>configuration file (default %1)</source>
        <translation>конфигурация файлы (әдепкі %1)</translation>
    </message>
    <message>
        <source>register (overrides register =)</source>
        <translation>тіркелім (register = орнына)</translation>
    </message>
    <message>
        <source>address (overrides listen =)</source>
        <translation>мекенжай (listen = орнына)</translation>
    </message>
    <message>
        <source>port, 0 for any free one (overrides port =)</source>
        <translation>порт, 0 — кез келген бос порт (port = орнына)</translation>
    </message>
    <message>
        <source>write the port listened on to this file once ready</source>
        <translation>дайын болғанда тыңдалатын портты осы файлға жазу</translation>
    </message>
    <message>
        <source>check the configuration, keys and certificates, then exit</source>
        <translation>конфигурацияны, кілттерді және тіркеу куәліктерін тексеріп, шығу</translation>
    </message>
    <message>
        <source>--port is 0 to 65535.</source>
        <translation>--port 0-ден 65535-ке дейін.</translation>
    </message>
    <message>
        <source>No register (register = … in [responder]).</source>
        <translation>Тіркелім көрсетілмеген ([responder] ішіндегі register = …).</translation>
    </message>
    <message>
        <source>configuration OK: %1</source>
        <translation>конфигурация дұрыс: %1</translation>
    </message>
    <message>
        <source>refresh failed: %1</source>
        <translation>жаңарту сәтсіз аяқталды: %1</translation>
    </message>
    <message>
        <source>SIGHUP: reloading the signing certificates</source>
        <translation>SIGHUP: қол қою тіркеу куәліктерін қайта жүктеу</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>%1 файлына жазу мүмкін емес.</translation>
    </message>
    <message>
        <source>listening on %1 port %2 (%3 threads, register %4%5); CAs: %6</source>
        <translation>%1 мекенжайы, %2 порты тыңдалуда (ағындар: %3, тіркелім %4%5); КО: %6</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>тоқтатылды</translation>
    </message>
    <message>
        <source>warning: the register address given with --register holds a password, which every user of this computer can read in the process list; put it in the configuration file (closed to other users) or in ~/.pgpass</source>
        <translation>ескерту: --register арқылы берілген тіркелім мекенжайында құпия сөз бар, оны осы компьютердің кез келген пайдаланушысы процестер тізімінен оқи алады; оны баптау файлына (басқа пайдаланушыларға жабық) немесе ~/.pgpass ішіне жазыңыз</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::ApplicationDecideCommand</name>
    <message>
        <source>Approve an application (CA officers; never one you registered)</source>
        <translation>Өтінішті мақұлдау (КО қызметкерлері; өзіңіз тіркеген өтінішті емес)</translation>
    </message>
    <message>
        <source>Mark an approved application done</source>
        <translation>Мақұлданған өтінішті орындалды деп белгілеу</translation>
    </message>
    <message>
        <source>application number</source>
        <translation>өтініш нөмірі</translation>
    </message>
    <message>
        <source>a note for the history</source>
        <translation>тарихқа арналған ескертпе</translation>
    </message>
    <message>
        <source>Application %1 is now %2.</source>
        <translation>№%1 өтініштің мәртебесі енді: %2.</translation>
    </message>
    <message>
        <source>Refuse an application on one of its CA&apos;s grounds (CA officers; never one you registered)</source>
        <translation>Өтінішті оның КО-сы белгілеген бас тарту негіздерінің бірі бойынша қабылдамау (КО қызметкерлері; өзіңіз тіркеген өтінішті емес)</translation>
    </message>
    <message>
        <source>the ground of refusal, one of the CA&apos;s: %1 (see application refusal-reasons)</source>
        <translation>бас тарту негізі, КО негіздерінің бірі: %1 (application refusal-reasons қараңыз)</translation>
    </message>
    <message>
        <source>free text added to the ground (optional)</source>
        <translation>негізге қосылатын еркін мәтін (міндетті емес)</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::ApplicationListCommand</name>
    <message>
        <source>List applications with their status and deadline</source>
        <translation>Өтініштерді мәртебесі мен мерзімімен тізімдеу</translation>
    </message>
    <message>
        <source>only this CA</source>
        <translation>тек осы КО</translation>
    </message>
    <message>
        <source>only this form</source>
        <translation>тек осы нысан</translation>
    </message>
    <message>
        <source>registered, approved, rejected or done</source>
        <translation>registered, approved, rejected немесе done</translation>
    </message>
    <message>
        <source>only open applications (registered or approved)</source>
        <translation>тек ашық өтініштер (тіркелген немесе мақұлданған)</translation>
    </message>
    <message>
        <source>only this IIN or BIN</source>
        <translation>тек осы ЖСН немесе БСН</translation>
    </message>
    <message>
        <source>at most this many rows</source>
        <translation>жолдардың ең көп саны</translation>
    </message>
    <message>
        <source>skip this many rows</source>
        <translation>өткізіп жіберілетін жолдар саны</translation>
    </message>
    <message>
        <source>Unknown status %1.</source>
        <translation>Белгісіз мәртебе: %1.</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>CA</source>
        <translation>КО</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Нысан</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Мәртебе</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Түскен күні</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Мерзімі</translation>
    </message>
    <message>
        <source>IIN/BIN</source>
        <translation>ЖСН/БСН</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Өтініш беруші</translation>
    </message>
    <message>
        <source>OVERDUE</source>
        <translation>МЕРЗІМІ ӨТКЕН</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>мерзімі бүгін</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::ApplicationPrefillCommand</name>
    <message>
        <source>Write the form data of the application a certificate came from, to edit and submit as its re-issue (application submit --replaces)</source>
        <translation>Тіркеу куәлігі берілген өтініштің нысан деректерін қайта беру өтініші ретінде өңдеп, жіберу үшін файлға жазу (application submit --replaces)</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>КО коды</translation>
    </message>
    <message>
        <source>serial of the certificate to re-issue</source>
        <translation>қайта берілетін тіркеу куәлігінің сериялық нөмірі</translation>
    </message>
    <message>
        <source>new file for the form data</source>
        <translation>нысан деректеріне арналған жаңа файл</translation>
    </message>
    <message>
        <source>Form %1 data of certificate %2 written to %3. Check it, then: tirkeu-cli application submit --ca %4 --form %1 --data %3 --replaces %2 …</source>
        <translation>%2 тіркеу куәлігінің %1 нысанындағы деректері %3 файлына жазылды. Оларды тексеріп, содан кейін орындаңыз: tirkeu-cli application submit --ca %4 --form %1 --data %3 --replaces %2 …</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::ApplicationRefusalReasonsCommand</name>
    <message>
        <source>List the grounds on which each kind of CA refuses an application (codes for application reject)</source>
        <translation>КО-ның әр түрі өтінішті қабылдамайтын негіздерді тізімдеу (application reject үшін кодтар)</translation>
    </message>
    <message>
        <source>only this kind of CA: root, national or government</source>
        <translation>тек КО-ның осы түрі: root, national немесе government</translation>
    </message>
    <message>
        <source>Unknown kind of CA %1: root, national or government.</source>
        <translation>Белгісіз КО түрі: %1. root, national немесе government мәнін пайдаланыңыз.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::ApplicationShowCommand</name>
    <message>
        <source>An application number is a positive whole number: %1</source>
        <translation>Өтініш нөмірі оң бүтін сан болуы тиіс: %1</translation>
    </message>
    <message>
        <source>Show one application with its history</source>
        <translation>Бір өтінішті тарихымен көрсету</translation>
    </message>
    <message>
        <source>application number</source>
        <translation>өтініш нөмірі</translation>
    </message>
    <message>
        <source>Application %1: %2, CA %3</source>
        <translation>№%1 өтініш: %2, КО %3</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Мәртебесі: %1</translation>
    </message>
    <message>
        <source>Applicant: %1 (%2)</source>
        <translation>Өтініш беруші: %1 (%2)</translation>
    </message>
    <message>
        <source>Received: %1</source>
        <translation>Түскен уақыты: %1</translation>
    </message>
    <message>
        <source>Deadline: %1</source>
        <translation>Мерзімі: %1</translation>
    </message>
    <message>
        <source>OVERDUE</source>
        <translation>МЕРЗІМІ ӨТКЕН</translation>
    </message>
    <message>
        <source>Rejected because: %1</source>
        <translation>Қабылданбау себебі: %1</translation>
    </message>
    <message>
        <source>Consent recorded: %1</source>
        <translation>Келісім тіркелген: %1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>иә</translation>
    </message>
    <message>
        <source>no</source>
        <translation>жоқ</translation>
    </message>
    <message>
        <source>Attachments: %1</source>
        <translation>Қосымшалар: %1</translation>
    </message>
    <message>
        <source>Form data:</source>
        <translation>Нысан деректері:</translation>
    </message>
    <message>
        <source>History:</source>
        <translation>Тарихы:</translation>
    </message>
    <message>
        <source>Holder identified: %1</source>
        <translation>Иеленушіні сәйкестендіру тәсілі: %1</translation>
    </message>
    <message>
        <source>Documents missing: %1</source>
        <translation>Жоқ құжаттар: %1</translation>
    </message>
    <message numerus="yes">
        <source>Person %1 (%2) left the job on %3; reported %n day(s) later</source>
        <translation>
            <numerusform>%1-тұлға (%2) жұмыстан %3 кетті; %n күннен кейін хабарланды</numerusform>
            <numerusform>%1-тұлға (%2) жұмыстан %3 кетті; %n күннен кейін хабарланды</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>LATE (limit %n day(s))</source>
        <translation>
            <numerusform>КЕШІККЕН (шегі %n күн)</numerusform>
            <numerusform>КЕШІККЕН (шегі %n күн)</numerusform>
        </translation>
    </message>
    <message>
        <source>Re-issue: replaces the certificate %1</source>
        <translation>Қайта беру: %1 куәлігін ауыстырады</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::ApplicationSubmitCommand</name>
    <message>
        <source>Register a filled-in official form (the form data as JSON; field ids from tirkeu-cli form show)</source>
        <translation>Толтырылған ресми нысанды тіркеу (нысан деректері JSON түрінде; өріс id-лері tirkeu-cli form show командасында)</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>КО коды</translation>
    </message>
    <message>
        <source>the form data: a JSON object keyed by field id</source>
        <translation>нысан деректері: кілттері өріс id болатын JSON объектісі</translation>
    </message>
    <message>
        <source>attachments checked as present, comma-separated</source>
        <translation>бар екені тексерілген қосымшалар, үтір арқылы</translation>
    </message>
    <message>
        <source>the applicant&apos;s consent to personal-data processing is recorded</source>
        <translation>өтініш берушінің дербес деректерді өңдеуге келісімі тіркелген</translation>
    </message>
    <message>
        <source>when the application was received (ISO 8601; default: now)</source>
        <translation>өтініштің түскен уақыты (ISO 8601; әдепкі бойынша: қазір)</translation>
    </message>
    <message>
        <source>Not an ISO 8601 date and time: %1</source>
        <translation>ISO 8601 форматындағы күн мен уақыт емес: %1</translation>
    </message>
    <message>
        <source>Application %1 registered at %2.</source>
        <translation>№%1 өтініш тіркелді (%2).</translation>
    </message>
    <message>
        <source>Legal deadline: %1.</source>
        <translation>Заңда белгіленген мерзім: %1.</translation>
    </message>
    <message>
        <source>form code, e.g. NCA-ISSUE-IND (with --pdf: the PDF must be this form)</source>
        <translation>нысан коды, мысалы, NCA-ISSUE-IND (--pdf көрсетілсе: PDF осы нысан болуы тиіс)</translation>
    </message>
    <message>
        <source>the form data: a filled-in template (tirkeu-cli form template)</source>
        <translation>нысан деректері: толтырылған үлгі (tirkeu-cli form template)</translation>
    </message>
    <message>
        <source>re-issue: the serial of the certificate of this CA the new one replaces</source>
        <translation>қайта беру: жаңасы ауыстыратын, осы КО берген тіркеу куәлігінің сериялық нөмірі</translation>
    </message>
    <message>
        <source>Give the form data either as --data FILE.json or as --pdf FILE.pdf.</source>
        <translation>Нысан деректерін --data FILE.json немесе --pdf FILE.pdf түрінде беріңіз.</translation>
    </message>
    <message>
        <source>--data needs --form CODE.</source>
        <translation>--data үшін --form CODE қажет.</translation>
    </message>
    <message>
        <source>A re-issue (--replaces) is received now; drop --received.</source>
        <translation>Қайта беру өтініші (--replaces) қазір қабылданған болып есептеледі; --received опциясын алып тастаңыз.</translation>
    </message>
    <message>
        <source>how the holder was identified: in_person (identity document), centre_biometric or remote_biometric</source>
        <translation>иеленушінің қалай сәйкестендірілгені: in_person (жеке басын куәландыратын құжат), centre_biometric немесе remote_biometric</translation>
    </message>
    <message>
        <source>received without some required attachments: registered only to be refused on that ground (application reject --reason-code ...-DOCS-MISSING)</source>
        <translation>кейбір міндетті қосымшаларсыз түсті: тек осы негіз бойынша қабылданбау үшін тіркеледі (application reject --reason-code ...-DOCS-MISSING)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Values registered from the PDF (check them against the applicant&apos;s documents):</source>
        <translation>PDF-тен тіркелімге енгізілген мәндер (оларды өтініш берушінің құжаттарымен салыстырыңыз):</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::AuditCheckpointCommand</name>
    <message>
        <source>Write a signed checkpoint of the event log&apos;s current head into the anchor folder (after every CRL run: pins today&apos;s events before the day&apos;s anchor)</source>
        <translation>Оқиғалар журналының ағымдағы басына қол қойылған бақылау нүктесін анкерлер қалтасына жазу (әр КТКТ жұмысынан кейін: бүгінгі оқиғаларды күн анкеріне дейін бекітеді)</translation>
    </message>
    <message>
        <source>the anchor folder (kept outside the database)</source>
        <translation>анкерлер қалтасы (дерекқордан тыс сақталады)</translation>
    </message>
    <message>
        <source>The event log&apos;s head is already signed in %1; nothing written.</source>
        <translation>Оқиғалар журналының басына %1 ішінде қол қойылған; ештеңе жазылмады.</translation>
    </message>
    <message>
        <source>Signed checkpoint written: %1</source>
        <translation>Қол қойылған бақылау нүктесі жазылды: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::AuditExportAnchorCommand</name>
    <message>
        <source>the day (default: yesterday)</source>
        <translation>күн (әдепкі бойынша: кеше)</translation>
    </message>
    <message>
        <source>write to FILE instead of standard output</source>
        <translation>стандартты шығыс орнына FILE файлына жазу</translation>
    </message>
    <message>
        <source>Not a date (YYYY-MM-DD): %1</source>
        <translation>Күн емес (YYYY-MM-DD): %1</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>%1 файлына жазу мүмкін емес.</translation>
    </message>
    <message>
        <source>Anchor written to %1.</source>
        <translation>Зәкір %1 файлына жазылды.</translation>
    </message>
    <message>
        <source>Write the signed anchor of a finished day (or today&apos;s current head, unsigned) as a small file to publish</source>
        <translation>Аяқталған күннің қол қойылған анкерін (немесе бүгінгі ағымдағы басын, қолтаңбасыз) жариялауға арналған шағын файл ретінде жазу</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::AuditKeyInitCommand</name>
    <message>
        <source>file whose first line is the audit key&apos;s passphrase or PIN (else $TIRKEU_AUDIT_KEY_PASSPHRASE)</source>
        <translation>бірінші жолында аудит кілтінің құпия фразасы немесе PIN коды бар файл (әйтпесе $TIRKEU_AUDIT_KEY_PASSPHRASE)</translation>
    </message>
    <message>
        <source>Set up the audit signing key that signs the daily anchors (administrators; never a CA key)</source>
        <translation>Күнделікті анкерлерге қол қоятын аудит қолтаңба кілтін баптау (әкімшілер; ешқашан КО кілті емес)</translation>
    </message>
    <message>
        <source>generate a new key into FILE (encrypted PKCS#8)</source>
        <translation>жаңа кілтті FILE файлына жасау (шифрланған PKCS#8)</translation>
    </message>
    <message>
        <source>use an existing key on a PKCS#11 token instead</source>
        <translation>оның орнына PKCS#11 токеніндегі бар кілтті пайдалану</translation>
    </message>
    <message>
        <source>algorithm of a generated key</source>
        <translation>жасалатын кілттің алгоритмі</translation>
    </message>
    <message>
        <source>also write the public key (PEM) to FILE, to keep apart from the register</source>
        <translation>ашық кілтті (PEM) FILE файлына да жазу — тіркелімнен бөлек сақтау үшін</translation>
    </message>
    <message>
        <source>replace the audit key already set up</source>
        <translation>бұрын бапталған аудит кілтін ауыстыру</translation>
    </message>
    <message>
        <source>Give either --key-out FILE (a new key file) or --key-uri pkcs11:... .</source>
        <translation>--key-out FILE (жаңа кілт файлы) немесе --key-uri pkcs11:... параметрінің бірін беріңіз.</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>%1 жазу мүмкін емес.</translation>
    </message>
    <message>
        <source>The audit signing key is set up: %1 (SHA-256 %2). Keep its public key apart from the register.</source>
        <translation>Аудит қолтаңба кілті бапталды: %1 (SHA-256 %2). Оның ашық кілтін тіркелімнен бөлек сақтаңыз.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::AuditListCommand</name>
    <message>
        <source>List event-log entries, newest first</source>
        <translation>Оқиғалар журналының жазбаларын тізімдеу (ең жаңасы бірінші)</translation>
    </message>
    <message>
        <source>only events about this subject</source>
        <translation>тек осы субъектіге қатысты оқиғалар</translation>
    </message>
    <message>
        <source>at most this many events</source>
        <translation>оқиғалардың ең көп саны</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Уақыты</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Оқиға</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Субъект</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::AuditPublishAnchorsCommand</name>
    <message>
        <source>Write the signed anchor of every finished day not yet in a folder (the daily scheduled job)</source>
        <translation>Қалтада әлі жоқ әрбір аяқталған күннің қол қойылған анкерін жазу (күнделікті жоспарлы тапсырма)</translation>
    </message>
    <message>
        <source>the anchor folder (kept outside the database)</source>
        <translation>анкерлер қалтасы (дерекқордан тыс сақталады)</translation>
    </message>
    <message numerus="yes">
        <source>%n signed anchor(s) written to %1.</source>
        <translation>
            <numerusform>%1 қалтасына %n қол қойылған анкер жазылды.</numerusform>
            <numerusform>%1 қалтасына %n қол қойылған анкер жазылды.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::AuditVerifyCommand</name>
    <message>
        <source>The event log is broken at event %1: %2</source>
        <translation>Оқиғалар журналы №%1 оқиғада бұзылған: %2</translation>
    </message>
    <message>
        <source>The event log is intact: %1 events and %2 daily anchors checked.</source>
        <translation>Оқиғалар журналы бүтін: %1 оқиға және %2 күнделікті зәкір тексерілді.</translation>
    </message>
    <message>
        <source>Check the event log&apos;s hash chain, every protected row, and (with options) the signed anchors, archives and published CRLs; exit 8 and name the first damage found</source>
        <translation>Оқиғалар журналының хэш тізбегін, әрбір қорғалған жолды және (параметрлермен) қол қойылған анкерлерді, мұрағаттарды және жарияланған КТКТ-ларды тексеру; табылған бірінші зақымды атап, 8 кодымен шығу</translation>
    </message>
    <message>
        <source>check the chain against every signed daily anchor in DIR</source>
        <translation>тізбекті DIR қалтасындағы әрбір қол қойылған күнделікті анкермен салыстыру</translation>
    </message>
    <message>
        <source>the audit public key (PEM) to check the anchors with (default: the key recorded in the register)</source>
        <translation>анкерлерді тексеретін аудит ашық кілті (PEM) (әдепкі: тіркелімде жазылған кілт)</translation>
    </message>
    <message>
        <source>published CRLs: every entry must be revoked in the register with the same reason and time</source>
        <translation>жарияланған КТКТ-лар: әрбір жазба тіркелімде сол себеппен және сол уақытпен кері қайтарылған болуы тиіс</translation>
    </message>
    <message>
        <source>the retention sweep&apos;s archive folder: every archive batch must match its manifest</source>
        <translation>сақтау мерзімі тазалауының мұрағат қалтасы: әрбір мұрағат бумасы өз манифестіне сәйкес келуі тиіс</translation>
    </message>
    <message>
        <source>--anchor-key needs --anchors DIR.</source>
        <translation>--anchor-key үшін --anchors DIR қажет.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The register was changed outside Tirkeu (%1 row %2): %3</source>
        <translation>Тіркелім Tirkeu-дан тыс өзгертілген (%1, жол %2): %3</translation>
    </message>
    <message>
        <source>Verification failed: %1</source>
        <translation>Тексеру сәтсіз аяқталды: %1</translation>
    </message>
    <message>
        <source>Every protected row matches its event: %1 rows checked.</source>
        <translation>Әрбір қорғалған жол өз оқиғасына сәйкес: %1 жол тексерілді.</translation>
    </message>
    <message>
        <source>%1 CRL entries are revoked in the register as published.</source>
        <translation>КТКТ-ның %1 жазбасы тіркелімде жарияланғандай кері қайтарылған.</translation>
    </message>
    <message>
        <source>The chain matches %1 signed anchors and %2 signed checkpoints.</source>
        <translation>Тізбек %1 қол қойылған анкерге және %2 қол қойылған бақылау нүктесіне сәйкес келеді.</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Ескерту: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaAddCommand</name>
    <message>
        <source>Register a certification authority in this register (administrators)</source>
        <translation>Осы тіркелімге куәландырушы орталықты тіркеу (әкімшілер)</translation>
    </message>
    <message>
        <source>short code, e.g. NCA-RSA</source>
        <translation>қысқа код, мысалы, NCA-RSA</translation>
    </message>
    <message>
        <source>CA name</source>
        <translation>КО атауы</translation>
    </message>
    <message>
        <source>root, government or national</source>
        <translation>root, government немесе national</translation>
    </message>
    <message>
        <source>Unknown CA kind %1: use root, government or national.</source>
        <translation>Белгісіз КО түрі: %1. root, government немесе national мәнін пайдаланыңыз.</translation>
    </message>
    <message>
        <source>A setting is KEY=VALUE: %1</source>
        <translation>Баптау KEY=VALUE түрінде беріледі: %1</translation>
    </message>
    <message>
        <source>CA %1 added.</source>
        <translation>%1 КО қосылды.</translation>
    </message>
    <message>
        <source>CA setting (repeatable): %1</source>
        <translation>КО параметрі (қайталауға болады): %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaBackupCommand</name>
    <message>
        <source>Back up a CA key: encrypted file plus one share file per custodian (administrators)</source>
        <translation>КО кілтінің резервтік көшірмесін жасау: шифрланған файл және әр сақтаушыға бір үлес файлы (әкімшілер)</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>КО коды</translation>
    </message>
    <message>
        <source>folder for the backup and share files (created if missing; nothing is overwritten)</source>
        <translation>резервтік көшірме мен үлес файлдарына арналған қалта (жоқ болса, құрылады; ештеңе қайта жазылмайды)</translation>
    </message>
    <message>
        <source>Key of CA %1 (SHA-256 %2) backed up as %3; any %4 of these %5 shares restore it. Give each custodian one share file and delete it here:</source>
        <translation>%1 КО кілтінің (SHA-256 %2) резервтік көшірмесі %3 ретінде жасалды; осы %5 үлестің кез келген %4 үлесі оны қалпына келтіреді. Әр сақтаушыға бір үлес файлын беріп, оны осы жерден жойыңыз:</translation>
    </message>
    <message>
        <source>number of custodians (share files); at least %1</source>
        <translation>сақтаушылар саны (үлес файлдары); кемінде %1</translation>
    </message>
    <message>
        <source>shares needed to restore the key; at least %1</source>
        <translation>кілтті қалпына келтіруге қажет үлестер саны; кемінде %1</translation>
    </message>
    <message>
        <source>the custodian of the next share: full name and position separated by &quot;;&quot; (once per share, in share order)</source>
        <translation>келесі үлестің сақтаушысы: «;» белгісімен бөлінген аты-жөні мен лауазымы (әр үлеске бір рет, үлестер ретімен)</translation>
    </message>
    <message>
        <source>--custodian takes &quot;full name;position&quot;: %1 has no position.</source>
        <translation>--custodian мәні «аты-жөні;лауазымы» түрінде беріледі: %1 үшін лауазым көрсетілмеген.</translation>
    </message>
    <message>
        <source>Hand-over record to print and sign: %1</source>
        <translation>Басып шығарып, қол қоюға арналған қабылдау-тапсыру актісі: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaBackupsCommand</name>
    <message>
        <source>List a CA&apos;s key backups; print a backup&apos;s hand-over record again (administrators)</source>
        <translation>КО кілтінің резервтік көшірмелерінің тізімі; бөліктерді беру актісін қайта басу (әкімшілер)</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>КО коды</translation>
    </message>
    <message>
        <source>print the hand-over record of this backup again (marked as a copy)</source>
        <translation>осы резервтік көшірменің бөліктерін беру актісін қайта басу («Көшірме» белгісімен)</translation>
    </message>
    <message>
        <source>where --print writes the record</source>
        <translation>--print актіні қайда жазады</translation>
    </message>
    <message>
        <source>--print BACKUP and --out FILE.pdf go together.</source>
        <translation>--print BACKUP және --out FILE.pdf бірге беріледі.</translation>
    </message>
    <message>
        <source>The hand-over record of the key backup %1 printed again (a copy): %2</source>
        <translation>%1 кілт резервтік көшірмесінің бөліктерін беру актісі қайта басылды (көшірме): %2</translation>
    </message>
    <message>
        <source>The CA %1 has no recorded key backup.</source>
        <translation>%1 КО-да жазылған кілт резервтік көшірмесі жоқ.</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Жасалды</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>Резервтік көшірме</translation>
    </message>
    <message>
        <source>Scheme</source>
        <translation>Схема</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Кім</translation>
    </message>
    <message>
        <source>Custodians</source>
        <translation>Сақтаушылар</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Файлдар</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%2 ішінен %1</translation>
    </message>
    <message>
        <source>not written, removed: %1</source>
        <translation>жазылмады, жойылды: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaExportCommand</name>
    <message>
        <source>Write a CA&apos;s certificate to a file (PEM or DER)</source>
        <translation>КО тіркеу куәлігін файлға жазу (PEM немесе DER)</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>КО коды</translation>
    </message>
    <message>
        <source>file format</source>
        <translation>файл пішімі</translation>
    </message>
    <message>
        <source>new file for the certificate</source>
        <translation>тіркеу куәлігіне арналған жаңа файл</translation>
    </message>
    <message>
        <source>The format is pem or der, not %1.</source>
        <translation>Пішім pem немесе der болуы тиіс, %1 емес.</translation>
    </message>
    <message>
        <source>Certificate of CA %1 written to %2 (%3).</source>
        <translation>%1 КО тіркеу куәлігі %2 файлына жазылды (%3).</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaImportCertCommand</name>
    <message>
        <source>Store the certificate a parent CA issued for a subordinate CA&apos;s key (administrators)</source>
        <translation>Жоғары тұрған КО бағынышты КО кілтіне берген тіркеу куәлігін сақтау (әкімшілер)</translation>
    </message>
    <message>
        <source>code of the subordinate CA</source>
        <translation>бағынышты КО коды</translation>
    </message>
    <message>
        <source>the CA certificate (PEM or DER)</source>
        <translation>КО тіркеу куәлігі (PEM немесе DER)</translation>
    </message>
    <message>
        <source>CA %1 can now sign: certificate %2 valid until %3.</source>
        <translation>%1 КО енді қол қоя алады: %2 тіркеу куәлігі %3 дейін жарамды.</translation>
    </message>
    <message>
        <source>Issued by the CA %1 of this register.</source>
        <translation>Осы тіркелімдегі %1 КО берген.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaInitCommand</name>
    <message>
        <source>code of a CA added with ca add</source>
        <translation>ca add арқылы қосылған КО коды</translation>
    </message>
    <message>
        <source>rsa2048, rsa3072, rsa4096, p256 or p384</source>
        <translation>rsa2048, rsa3072, rsa4096, p256 немесе p384</translation>
    </message>
    <message>
        <source>new file for the encrypted CA key (never overwritten)</source>
        <translation>шифрланған КО кілтіне арналған жаңа файл (ешқашан қайта жазылмайды)</translation>
    </message>
    <message>
        <source>file whose first line is the new key&apos;s passphrase (else $TIRKEU_CA_PASSPHRASE)</source>
        <translation>бірінші жолында жаңа кілттің құпия фразасы жазылған файл (әйтпесе $TIRKEU_CA_PASSPHRASE)</translation>
    </message>
    <message>
        <source>validity of the CA certificate in years</source>
        <translation>КО тіркеу куәлігінің әрекет ету мерзімі (жыл)</translation>
    </message>
    <message>
        <source>O= of the CA certificate (default: the CA name)</source>
        <translation>КО тіркеу куәлігінің O= өрісі (әдепкі бойынша: КО атауы)</translation>
    </message>
    <message>
        <source>also write the CA certificate (PEM) to this file</source>
        <translation>КО тіркеу куәлігін (PEM) осы файлға да жазу</translation>
    </message>
    <message>
        <source>CA key passphrase</source>
        <translation>КО кілтінің құпия фразасы</translation>
    </message>
    <message>
        <source>The CA is set up, but its certificate could not be written to %1.</source>
        <translation>КО бапталды, бірақ оның тіркеу куәлігін %1 файлына жазу мүмкін болмады.</translation>
    </message>
    <message>
        <source>CA %1 is set up: key %2 (SHA-256 %3), certificate %4 valid until %5.</source>
        <translation>%1 КО бапталды: кілт %2 (SHA-256 %3), тіркеу куәлігі %4, %5 дейін жарамды.</translation>
    </message>
    <message>
        <source>Set up a CA&apos;s key: a self-signed root certificate, or a request to the parent CA (administrators)</source>
        <translation>КО кілтін баптау: өзі қол қойған түбірлік тіркеу куәлігі немесе жоғары тұрған КО-ға сұрау (әкімшілер)</translation>
    </message>
    <message>
        <source>use an existing key instead: pkcs11:token=…;object=… (HSM/token) or file:PATH</source>
        <translation>оның орнына бар кілтті пайдалану: pkcs11:token=…;object=… (HSM/токен) немесе file:PATH</translation>
    </message>
    <message>
        <source>file whose first line is the token PIN or key passphrase for --key-uri (else $TIRKEU_CA_PASSPHRASE)</source>
        <translation>бірінші жолында --key-uri үшін токеннің PIN-коды немесе кілттің құпия фразасы жазылған файл (әйтпесе $TIRKEU_CA_PASSPHRASE)</translation>
    </message>
    <message>
        <source>write a certificate request for the parent CA instead of a self-signed certificate</source>
        <translation>өзі қол қойған тіркеу куәлігінің орнына жоғары тұрған КО-ға арналған тіркеу куәлігіне сұрау жазу</translation>
    </message>
    <message>
        <source>with --subordinate: new file for the request (PEM)</source>
        <translation>--subordinate көрсетілсе: сұрауға арналған жаңа файл (PEM)</translation>
    </message>
    <message>
        <source>Give either --key-out FILE (a new key) or --key-uri URI (an existing key), not both.</source>
        <translation>--key-out FILE (жаңа кілт) немесе --key-uri URI (бар кілт) опциясының бірін ғана көрсетіңіз, екеуін бірге емес.</translation>
    </message>
    <message>
        <source>--subordinate needs --csr-out FILE for the request to the parent CA.</source>
        <translation>--subordinate үшін жоғары тұрған КО-ға жіберілетін сұрауға арналған --csr-out FILE қажет.</translation>
    </message>
    <message>
        <source>The CA key is created, but: %1</source>
        <translation>КО кілті құрылды, бірақ: %1</translation>
    </message>
    <message>
        <source>CA %1: key %2 (SHA-256 %3) created; send the request %4 to the parent CA, then run tirkeu-cli ca import-cert --code %1 --cert FILE.</source>
        <translation>%1 КО: %2 кілті (SHA-256 %3) құрылды; %4 сұрауын жоғары тұрған КО-ға жіберіп, содан кейін tirkeu-cli ca import-cert --code %1 --cert FILE орындаңыз.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaListCommand</name>
    <message>
        <source>List the certification authorities of this register</source>
        <translation>Осы тіркелімдегі куәландырушы орталықтарды тізімдеу</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Түрі</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Атауы</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Куәлік</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaPassphraseOption</name>
    <message>
        <source>file whose first line is the CA key passphrase (else $TIRKEU_CA_PASSPHRASE)</source>
        <translation>бірінші жолы КО кілтінің құпия фразасы болатын файл (әйтпесе $TIRKEU_CA_PASSPHRASE)</translation>
    </message>
    <message>
        <source>%1: file whose first line is the CA key passphrase (else $TIRKEU_CA_PASSPHRASE)</source>
        <translation>%1: бірінші жолы КО кілтінің құпия фразасы болатын файл (әйтпесе $TIRKEU_CA_PASSPHRASE)</translation>
    </message>
    <message>
        <source>No CA key passphrase given: use --ca-passphrase-file FILE or set TIRKEU_CA_PASSPHRASE.</source>
        <translation>КО кілтінің құпия фразасы берілмеген: --ca-passphrase-file FILE қолданыңыз немесе TIRKEU_CA_PASSPHRASE орнатыңыз.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaRestoreCommand</name>
    <message>
        <source>Restore a CA key from its backup and enough custodian shares (administrators)</source>
        <translation>КО кілтін резервтік көшірмесі мен сақтаушылардың жеткілікті үлестерінен қалпына келтіру (әкімшілер)</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>КО коды</translation>
    </message>
    <message>
        <source>a custodian&apos;s share file (repeat for each share)</source>
        <translation>сақтаушының үлес файлы (әр үлес үшін қайталаңыз)</translation>
    </message>
    <message>
        <source>the encrypted backup (default: CODE.backup next to the first share)</source>
        <translation>шифрланған резервтік көшірме (әдепкі бойынша: бірінші үлестің жанындағы CODE.backup)</translation>
    </message>
    <message>
        <source>new file for the restored key (encrypted PKCS#8, never overwritten)</source>
        <translation>қалпына келтірілген кілтке арналған жаңа файл (шифрланған PKCS#8, ешқашан қайта жазылмайды)</translation>
    </message>
    <message>
        <source>file whose first line is the restored key&apos;s new passphrase (else $TIRKEU_NEW_CA_PASSPHRASE)</source>
        <translation>бірінші жолында қалпына келтірілген кілттің жаңа құпия фразасы жазылған файл (әйтпесе $TIRKEU_NEW_CA_PASSPHRASE)</translation>
    </message>
    <message>
        <source>record the restored file as the CA&apos;s key in the register</source>
        <translation>қалпына келтірілген файлды тіркелімде КО кілті ретінде тіркеу</translation>
    </message>
    <message>
        <source>Give the custodians&apos; share files with --share FILE (one per share).</source>
        <translation>Сақтаушылардың үлес файлдарын --share FILE арқылы беріңіз (әр үлеске біреуден).</translation>
    </message>
    <message>
        <source>No passphrase for the restored key: use --passphrase-file FILE or set TIRKEU_NEW_CA_PASSPHRASE.</source>
        <translation>Қалпына келтірілген кілттің құпия фразасы көрсетілмеген: --passphrase-file FILE пайдаланыңыз немесе TIRKEU_NEW_CA_PASSPHRASE орнатыңыз.</translation>
    </message>
    <message>
        <source>Key of CA %1 (SHA-256 %2) restored with shares %3 into %4.</source>
        <translation>%1 КО кілті (SHA-256 %2) %3 үлестері арқылы %4 файлына қалпына келтірілді.</translation>
    </message>
    <message>
        <source>The register now uses this file as the CA&apos;s key.</source>
        <translation>Тіркелім енді осы файлды КО кілті ретінде пайдаланады.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaSetCommand</name>
    <message>
        <source>Change settings of a CA: publication pointers, CRL periods, policies, name layout, hold (administrators)</source>
        <translation>КО параметрлерін өзгерту: жариялау мекенжайлары, КТКТ кезеңдері, саясаттар, атау құрамы, тоқтата тұру (әкімшілер)</translation>
    </message>
    <message>
        <source>the CA&apos;s code</source>
        <translation>КО коды</translation>
    </message>
    <message>
        <source>settings to change: %1 (aliases crl_url, delta_crl_url, ca_issuers_url); an empty value clears a text</source>
        <translation>өзгертілетін параметрлер: %1 (синонимдері crl_url, delta_crl_url, ca_issuers_url); бос мән мәтінді тазартады</translation>
    </message>
    <message>
        <source>Give at least one KEY=VALUE; known settings: %1.</source>
        <translation>Кемінде бір KEY=VALUE беріңіз; белгілі параметрлер: %1.</translation>
    </message>
    <message>
        <source>A setting is KEY=VALUE: %1</source>
        <translation>Параметр KEY=VALUE түрінде беріледі: %1</translation>
    </message>
    <message>
        <source>CA %1: settings saved.</source>
        <translation>КО %1: параметрлер сақталды.</translation>
    </message>
    <message>
        <source>Still to set before this CA issues: %1</source>
        <translation>Бұл КО куәлік бермес бұрын әлі орнату қажет: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaShowCommand</name>
    <message>
        <source>Show a CA and all its settings</source>
        <translation>КО-ны және оның барлық параметрлерін көрсету</translation>
    </message>
    <message>
        <source>the CA&apos;s code</source>
        <translation>КО коды</translation>
    </message>
    <message>
        <source>CA %1 (%2): %3</source>
        <translation>КО %1 (%2): %3</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Параметр</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Мәні</translation>
    </message>
    <message>
        <source>Not set yet (a %1 CA refuses to issue without them): %2</source>
        <translation>Әлі орнатылмаған («%1» түріндегі КО оларсыз куәлік бермейді): %2</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CalendarDeadlineCommand</name>
    <message>
        <source>Compute a legal deadline: N working days (or calendar days) after a date</source>
        <translation>Заңда белгіленген мерзімді есептеу: күннен кейінгі N жұмыс күні (немесе күнтізбелік күн)</translation>
    </message>
    <message>
        <source>the day the application was received</source>
        <translation>өтініштің түскен күні</translation>
    </message>
    <message>
        <source>within N working days</source>
        <translation>N жұмыс күні ішінде</translation>
    </message>
    <message>
        <source>within N calendar days</source>
        <translation>N күнтізбелік күн ішінде</translation>
    </message>
    <message>
        <source>Give either --working-days or --days.</source>
        <translation>--working-days немесе --days опциясының бірін көрсетіңіз.</translation>
    </message>
    <message>
        <source>The number of days must be between 1 and 366.</source>
        <translation>Күндер саны 1 мен 366 аралығында болуы тиіс.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CalendarSetCommand</name>
    <message>
        <source>Make a day a working day or a day off (a decree swap), or clear such an override (administrators)</source>
        <translation>Күнді жұмыс күні немесе демалыс күні ету (қаулы бойынша ауыстыру) не мұндай ерекше белгілеуді алып тастау (әкімшілер)</translation>
    </message>
    <message>
        <source>the day</source>
        <translation>күн</translation>
    </message>
    <message>
        <source>the day is a working day</source>
        <translation>бұл күн — жұмыс күні</translation>
    </message>
    <message>
        <source>the day is a day off</source>
        <translation>бұл күн — демалыс күні</translation>
    </message>
    <message>
        <source>remove the override: the built-in rules apply again</source>
        <translation>ерекше белгілеуді алып тастау: кірістірілген ережелер қайта қолданылады</translation>
    </message>
    <message>
        <source>why (e.g. the decree)</source>
        <translation>себебі (мысалы, қаулы)</translation>
    </message>
    <message>
        <source>Give exactly one of --working, --day-off or --clear.</source>
        <translation>--working, --day-off немесе --clear опцияларының тек біреуін көрсетіңіз.</translation>
    </message>
    <message>
        <source>%1 is now: %2.</source>
        <translation>%1 енді: %2.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CalendarShowCommand</name>
    <message>
        <source>working day</source>
        <translation>жұмыс күні</translation>
    </message>
    <message>
        <source>worked weekend day</source>
        <translation>жұмыс күні болған демалыс</translation>
    </message>
    <message>
        <source>weekend</source>
        <translation>демалыс (апта соңы)</translation>
    </message>
    <message>
        <source>public holiday</source>
        <translation>мереке күні</translation>
    </message>
    <message>
        <source>day off (moved holiday)</source>
        <translation>демалыс күні (ауыстырылған мереке)</translation>
    </message>
    <message>
        <source>day off (not moved)</source>
        <translation>демалыс күні (ауыстырылмаған)</translation>
    </message>
    <message>
        <source>day off by decree</source>
        <translation>қаулы бойынша демалыс күні</translation>
    </message>
    <message>
        <source>Not a date (YYYY-MM-DD): %1</source>
        <translation>Күн емес (YYYY-MM-DD): %1</translation>
    </message>
    <message>
        <source>Show the holidays, moved days and overrides of a year (Kazakhstan working-day calendar)</source>
        <translation>Жылдың мерекелерін, ауыстырылған күндерін және ерекше белгілеулерін көрсету (Қазақстанның жұмыс күндері күнтізбесі)</translation>
    </message>
    <message>
        <source>the year (default: this year)</source>
        <translation>жыл (әдепкі бойынша: ағымдағы жыл)</translation>
    </message>
    <message>
        <source>Give a year between 2000 and 2100.</source>
        <translation>2000 мен 2100 аралығындағы жылды көрсетіңіз.</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Күні</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Апта күні</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Түрі</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Атауы</translation>
    </message>
    <message>
        <source>Working days in %1: %2</source>
        <translation>%1 жылғы жұмыс күндері: %2</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CertificateExportCommand</name>
    <message>
        <source>The format is pem or der, not %1.</source>
        <translation>Пішім pem немесе der болуы тиіс, %1 емес.</translation>
    </message>
    <message>
        <source>No output file given (--out FILE).</source>
        <translation>Шығыс файлы көрсетілмеген (--out FILE).</translation>
    </message>
    <message>
        <source>Write an issued certificate to a file (PEM or DER)</source>
        <translation>Берілген тіркеу куәлігін файлға жазу (PEM немесе DER)</translation>
    </message>
    <message>
        <source>serial number in hex (colons allowed)</source>
        <translation>он алтылық сериялық нөмір (қос нүктеге рұқсат етіледі)</translation>
    </message>
    <message>
        <source>CA code (needed when two CAs used the same serial)</source>
        <translation>КО коды (екі КО бірдей сериялық нөмірді пайдаланса, қажет)</translation>
    </message>
    <message>
        <source>file format</source>
        <translation>файл пішімі</translation>
    </message>
    <message>
        <source>new file for the certificate</source>
        <translation>тіркеу куәлігіне арналған жаңа файл</translation>
    </message>
    <message>
        <source>Certificate %1 of %2 written to %3 (%4).</source>
        <translation>%2 КО берген %1 тіркеу куәлігі %3 файлына жазылды (%4).</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CertificateIssueBatchCommand</name>
    <message>
        <source>Issue the certificates of many approved applications (or persons of letters) from the holders&apos; CSRs at once, recorded in groups; each file is written once its certificate is recorded (officers)</source>
        <translation>Көп мақұлданған өтініштердің (немесе хаттардағы тұлғалардың) тіркеу куәліктерін иелердің сұраулары бойынша бірден беру, топтармен жазылады; әр файл тіркеу куәлігі жазылғаннан кейін жазылады (офицерлер)</translation>
    </message>
    <message>
        <source>folder of requests named &lt;application&gt;.csr or &lt;application&gt;-&lt;person&gt;.csr (letters), with &lt;…&gt;-auth.csr for the authentication key of a signing-and-authentication application</source>
        <translation>&lt;өтініш&gt;.csr немесе &lt;өтініш&gt;-&lt;тұлға&gt;.csr (хаттар) атаулы сұраулар қалтасы, қол қою және аутентификация өтініші үшін аутентификация кілтіне &lt;…&gt;-auth.csr</translation>
    </message>
    <message>
        <source>instead of --dir: lines application,person,csr[,auth_csr[,media_serial]] (paths relative to the manifest)</source>
        <translation>--dir орнына: application,person,csr[,auth_csr[,media_serial]] жолдары (жолдар тізімдемеге қатысты)</translation>
    </message>
    <message>
        <source>folder for the certificates (&lt;application&gt;[-&lt;person&gt;].pem, -auth.pem; created if missing; no file is overwritten)</source>
        <translation>тіркеу куәліктеріне арналған қалта (&lt;өтініш&gt;[-&lt;тұлға&gt;].pem, -auth.pem; жоқ болса жасалады; ешбір файл қайта жазылмайды)</translation>
    </message>
    <message>
        <source>certificates recorded per durable transaction at most (1 to 10000)</source>
        <translation>бір сенімді транзакцияда жазылатын тіркеу куәліктерінің ең көп саны (1-ден 10000-ға дейін)</translation>
    </message>
    <message>
        <source>Give either --dir DIR or --manifest CSV, not both.</source>
        <translation>--dir DIR немесе --manifest CSV беріңіз, екеуін бірге емес.</translation>
    </message>
    <message>
        <source>--group-size is from 1 to 10000.</source>
        <translation>--group-size 1-ден 10000-ға дейін.</translation>
    </message>
    <message>
        <source>Certificate %1 is issued and recorded, but: %2 Export it with tirkeu-cli certificate show %1 --out FILE.</source>
        <translation>%1 тіркеу куәлігі берілді және жазылды, бірақ: %2 Оны tirkeu-cli certificate show %1 --out FILE арқылы экспорттаңыз.</translation>
    </message>
    <message>
        <source>%1: certificate %2 issued for %3; written to %4.</source>
        <translation>%1: %3 үшін %2 тіркеу куәлігі берілді; %4 файлына жазылды.</translation>
    </message>
    <message>
        <source>%1: refused: %2</source>
        <translation>%1: бас тартылды: %2</translation>
    </message>
    <message>
        <source>%1: not issued (its group was not recorded): %2</source>
        <translation>%1: берілмеді (оның тобы жазылмады): %2</translation>
    </message>
    <message>
        <source>tirkeu-cli: error: %1</source>
        <translation>tirkeu-cli: қате: %1</translation>
    </message>
    <message>
        <source>Batch: %1 of %2 requests issued (%3 durable groups), %4 refused, %5 not issued.</source>
        <translation>Топтама: %2 сұраудың %1 берілді (%3 сенімді топ), %4 бас тартылды, %5 берілмеді.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CertificateIssueCommand</name>
    <message>
        <source>application number</source>
        <translation>өтініш нөмірі</translation>
    </message>
    <message>
        <source>the holder&apos;s PKCS#10 request (PEM or DER)</source>
        <translation>иеленушінің PKCS#10 сұрауы (PEM немесе DER)</translation>
    </message>
    <message>
        <source>new file for the certificate (DER for .der/.cer, else PEM)</source>
        <translation>тіркеу куәлігіне арналған жаңа файл (.der/.cer үшін DER, әйтпесе PEM)</translation>
    </message>
    <message>
        <source>An application number is a positive whole number: %1</source>
        <translation>Өтініш нөмірі оң бүтін сан болуы тиіс: %1</translation>
    </message>
    <message>
        <source>Certificate %1 is issued and recorded, but: %2 Export it with tirkeu-cli certificate show %1 --out FILE.</source>
        <translation>%1 тіркеу куәлігі берілді және тіркелді, бірақ: %2 Оны tirkeu-cli certificate show %1 --out FILE командасымен экспорттаңыз.</translation>
    </message>
    <message>
        <source>Certificate %1 issued (%2) for %3, valid until %4; written to %5.</source>
        <translation>%1 тіркеу куәлігі берілді (%2), иеленуші: %3, %4 дейін жарамды; %5 файлына жазылды.</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Ескертпе: %1</translation>
    </message>
    <message>
        <source>Issue the certificate of an approved application: from the holder&apos;s CSR, or with a key generated onto the key media as PKCS#12 (officers)</source>
        <translation>Мақұлданған өтініш бойынша тіркеу куәлігін беру: иеленушінің CSR сұрауынан немесе кілт тасығышқа PKCS#12 түрінде жасалған кілтпен (КО қызметкерлері)</translation>
    </message>
    <message>
        <source>instead of --csr: generate the holder&apos;s key and write it with the certificate to this PKCS#12 file</source>
        <translation>--csr орнына: иеленушінің кілтін жасап, оны тіркеу куәлігімен бірге осы PKCS#12 файлына жазу</translation>
    </message>
    <message>
        <source>file whose first line is the holder&apos;s password for the PKCS#12 (at least 8 characters)</source>
        <translation>бірінші жолында иеленушінің PKCS#12 құпиясөзі жазылған файл (кемінде 8 таңба)</translation>
    </message>
    <message>
        <source>with --pkcs12-out: rsa2048, rsa3072, rsa4096, p256 or p384</source>
        <translation>--pkcs12-out көрсетілсе: rsa2048, rsa3072, rsa4096, p256 немесе p384</translation>
    </message>
    <message>
        <source>serial number of the key media (required by the Government Bodies CA)</source>
        <translation>кілт тасығыштың сериялық нөмірі (Мемлекеттік органдардың КО үшін міндетті)</translation>
    </message>
    <message>
        <source>a government body&apos;s letter: the listed person (1, 2, …) to issue for</source>
        <translation>мемлекеттік органның хаты: тіркеу куәлігі берілетін тізімдегі тұлға (1, 2, …)</translation>
    </message>
    <message>
        <source>re-issue: revoke the replaced certificate as superseded in the same step</source>
        <translation>қайта беру: ауыстырылатын тіркеу куәлігін сол қадамда «ауыстырылды» (superseded) себебімен кері қайтарып алу</translation>
    </message>
    <message>
        <source>Give either --csr FILE (the holder&apos;s request) or --pkcs12-out FILE (a key generated here), not both.</source>
        <translation>--csr FILE (иеленушінің сұрауы) немесе --pkcs12-out FILE (осында жасалған кілт) опциясының бірін ғана көрсетіңіз, екеуін бірге емес.</translation>
    </message>
    <message>
        <source>--person counts from 1.</source>
        <translation>--person 1-ден бастап саналады.</translation>
    </message>
    <message>
        <source>--pkcs12-out needs --pkcs12-password-file FILE.</source>
        <translation>--pkcs12-out үшін --pkcs12-password-file FILE қажет.</translation>
    </message>
    <message>
        <source>holder&apos;s PKCS#12 password</source>
        <translation>иеленушінің PKCS#12 құпиясөзі</translation>
    </message>
    <message>
        <source>The holder&apos;s key and certificate are in %1 (PKCS#12, protected by the holder&apos;s password).</source>
        <translation>Иеленушінің кілті мен тіркеу куәлігі %1 файлында (PKCS#12, иеленушінің құпиясөзімен қорғалған).</translation>
    </message>
    <message>
        <source>The replaced certificate %1 is revoked as superseded.</source>
        <translation>Ауыстырылған %1 тіркеу куәлігі «ауыстырылды» (superseded) себебімен кері қайтарып алынды.</translation>
    </message>
    <message>
        <source>signing and authentication: the request of the authentication key (--csr is the signing key&apos;s)</source>
        <translation>қол қою және аутентификация: аутентификация кілтінің сұрауы (--csr — қол қою кілтінің сұрауы)</translation>
    </message>
    <message>
        <source>signing and authentication: PKCS#12 file for the authentication key (default: the --pkcs12-out name with -auth before the extension)</source>
        <translation>қол қою және аутентификация: аутентификация кілтіне арналған PKCS#12 файлы (әдепкі бойынша: кеңейтімнің алдына -auth қосылған --pkcs12-out атауы)</translation>
    </message>
    <message>
        <source>signing and authentication: file for the authentication certificate (default: the --out name with -auth before the extension)</source>
        <translation>қол қою және аутентификация: аутентификацияға арналған тіркеу куәлігінің файлы (әдепкі бойынша: кеңейтімнің алдына -auth қосылған --out атауы)</translation>
    </message>
    <message>
        <source>--auth-csr goes with --csr; with --pkcs12-out both keys are generated here.</source>
        <translation>--auth-csr опциясы --csr опциясымен бірге беріледі; --pkcs12-out көрсетілсе, екі кілт те осында жасалады.</translation>
    </message>
    <message>
        <source>--auth-pkcs12-out goes with --pkcs12-out (keys generated here).</source>
        <translation>--auth-pkcs12-out опциясы --pkcs12-out опциясымен бірге беріледі (кілттер осында жасалады).</translation>
    </message>
    <message>
        <source>Application %1 asks for signing and authentication: give the authentication key&apos;s request with --auth-csr FILE (--csr is the signing key&apos;s).</source>
        <translation>№%1 өтініште қол қою да, аутентификация да сұралған: аутентификация кілтінің сұрауын --auth-csr FILE арқылы беріңіз (--csr — қол қою кілтінің сұрауы).</translation>
    </message>
    <message>
        <source>Application %1 asks for one certificate (%2): the --auth-… options are for applications for signing and authentication.</source>
        <translation>№%1 өтініште бір тіркеу куәлігі сұралған (%2): --auth-… опциялары қол қою және аутентификацияға арналған өтініштер үшін ғана.</translation>
    </message>
    <message>
        <source>Government Bodies CA: the employee named in the body&apos;s internal order who receives the key media</source>
        <translation>Мемлекеттік органдардың КО: кілт тасығышын алатын, органның ішкі бұйрығында аталған қызметкер</translation>
    </message>
    <message>
        <source>Government Bodies CA: that employee&apos;s position</source>
        <translation>Мемлекеттік органдардың КО: сол қызметкердің лауазымы</translation>
    </message>
    <message>
        <source>Government Bodies CA: the number of the body&apos;s internal order</source>
        <translation>Мемлекеттік органдардың КО: органның ішкі бұйрығының нөмірі</translation>
    </message>
    <message>
        <source>Government Bodies CA: the date of the body&apos;s internal order</source>
        <translation>Мемлекеттік органдардың КО: органның ішкі бұйрығының күні</translation>
    </message>
    <message>
        <source>Government Bodies CA with --csr: why the key was not generated here (recorded; only where the rules in force allow it)</source>
        <translation>--csr бар Мемлекеттік органдардың КО: кілт неге мұнда жасалмағаны (тіркеледі; қолданыстағы қағидалар рұқсат еткен жағдайда ғана)</translation>
    </message>
    <message>
        <source>--recipient-order-date is a date (YYYY-MM-DD): %1</source>
        <translation>--recipient-order-date — күн (ЖЖЖЖ-АА-КК): %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CertificateListCommand</name>
    <message>
        <source>List issued certificates</source>
        <translation>Берілген тіркеу куәліктерін тізімдеу</translation>
    </message>
    <message>
        <source>only this CA</source>
        <translation>тек осы КО</translation>
    </message>
    <message>
        <source>valid or revoked</source>
        <translation>valid немесе revoked</translation>
    </message>
    <message>
        <source>at most this many</source>
        <translation>ең көп саны</translation>
    </message>
    <message>
        <source>skip this many</source>
        <translation>өткізіп жіберілетін саны</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>Сериялық нөмір</translation>
    </message>
    <message>
        <source>CA</source>
        <translation>КО</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Мәртебе</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Бейін</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Жарамдылық мерзімі</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Субъект</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CertificatePrintCommand</name>
    <message>
        <source>Print the paper copy of an issued certificate (PDF)</source>
        <translation>Берілген тіркеу куәлігінің қағаз данасын басып шығару (PDF)</translation>
    </message>
    <message>
        <source>certificate serial number</source>
        <translation>тіркеу куәлігінің сериялық нөмірі</translation>
    </message>
    <message>
        <source>CA code (when the serial is not unique)</source>
        <translation>КО коды (сериялық нөмір бірегей болмаса)</translation>
    </message>
    <message>
        <source>output file</source>
        <translation>шығыс файлы</translation>
    </message>
    <message>
        <source>Certificate printed to %1.</source>
        <translation>Тіркеу куәлігі %1 файлына басып шығарылды.</translation>
    </message>
    <message>
        <source>the numbers of the blank forms the paper copy is printed on (GOV issuance journal, column 8; needs --ca; recorded once)</source>
        <translation>қағаз көшірме басылатын бланктердің нөмірлері (GOV тіркеу куәліктерін беру журналы, 8-баған; --ca қажет; бір рет жазылады)</translation>
    </message>
    <message>
        <source>--blank-numbers needs --ca CODE.</source>
        <translation>--blank-numbers үшін --ca CODE қажет.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CertificateReleaseCommand</name>
    <message>
        <source>Lift a certificate hold: the certificate is valid again; the next delta CRL lists it as removeFromCRL and the next full CRL omits it (officers)</source>
        <translation>Тіркеу куәлігінің қолданылуын тоқтата тұруды алып тастау: тіркеу куәлігі қайтадан жарамды болады; келесі дельта-КТКТ оны removeFromCRL ретінде көрсетеді, ал келесі толық КТКТ оны қамтымайды (КО қызметкерлері)</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>КО коды</translation>
    </message>
    <message>
        <source>serial number in hex of the certificate on hold</source>
        <translation>қолданылуы тоқтатыла тұрған тіркеу куәлігінің он алтылық сериялық нөмірі</translation>
    </message>
    <message>
        <source>holder_application, court_decision, ca_termination or holder_left_job</source>
        <translation>holder_application, court_decision, ca_termination немесе holder_left_job</translation>
    </message>
    <message>
        <source>the document the release rests on (number, date; at most 500 characters)</source>
        <translation>қолданылуын қайта бастауға негіз болатын құжат (нөмірі, күні; 500 таңбадан аспайды)</translation>
    </message>
    <message>
        <source>Certificate %1 of %2 is released from hold and valid again; the next delta CRL lists it as removeFromCRL.</source>
        <translation>%2 КО берген %1 тіркеу куәлігінің қолданылуы қайта басталды, ол қайтадан жарамды; келесі дельта-КТКТ оны removeFromCRL ретінде көрсетеді.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CertificateRevokeCommand</name>
    <message>
        <source>serial number in hex (colons allowed)</source>
        <translation>он алтылық сериялық нөмір (қос нүктеге рұқсат етіледі)</translation>
    </message>
    <message>
        <source>unspecified, key_compromise, ca_compromise, affiliation_changed, superseded, cessation_of_operation, certificate_hold, privilege_withdrawn, aa_compromise (or the RFC 5280 number)</source>
        <translation>unspecified, key_compromise, ca_compromise, affiliation_changed, superseded, cessation_of_operation, certificate_hold, privilege_withdrawn, aa_compromise (немесе RFC 5280 бойынша нөмірі)</translation>
    </message>
    <message>
        <source>holder_application, court_decision, ca_termination or holder_left_job</source>
        <translation>holder_application, court_decision, ca_termination немесе holder_left_job</translation>
    </message>
    <message>
        <source>Unknown revocation reason %1 (see --help).</source>
        <translation>Кері қайтарып алудың белгісіз себебі: %1 (--help қараңыз).</translation>
    </message>
    <message>
        <source>An application number is a positive whole number: %1</source>
        <translation>Өтініш нөмірі оң бүтін сан болуы тиіс: %1</translation>
    </message>
    <message>
        <source>Certificate %1 of %2 revoked (%3) at %4.</source>
        <translation>%2 КО берген %1 тіркеу куәлігі кері қайтарып алынды (%3), уақыты: %4.</translation>
    </message>
    <message>
        <source>Revoke a certificate with an RFC 5280 reason and a basis, or on the holder&apos;s signed request (officers)</source>
        <translation>Тіркеу куәлігін RFC 5280 бойынша себебі мен негізін көрсетіп немесе иеленушінің қол қойылған сұрауы бойынша кері қайтарып алу (КО қызметкерлері)</translation>
    </message>
    <message>
        <source>CA code (with --signed-request: optional, the signer&apos;s CA)</source>
        <translation>КО коды (--signed-request көрсетілсе: міндетті емес, қол қоюшының КО-сы)</translation>
    </message>
    <message>
        <source>the holder&apos;s revocation application signed with the certificate (CMS, DER or PEM); replaces --serial, --reason, --basis and --application</source>
        <translation>иеленушінің тіркеу куәлігімен қол қойылған кері қайтарып алу туралы өтініші (CMS, DER немесе PEM); --serial, --reason, --basis және --application опцияларының орнына қолданылады</translation>
    </message>
    <message>
        <source>Delta CRL number %1 published at once (%2 entries): %3</source>
        <translation>№%1 дельта-КТКТ бірден жарияланды (%2 жазба): %3</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Ескерту: %1</translation>
    </message>
    <message>
        <source>--%1 cannot be combined with --signed-request: the signed application says what to revoke and why.</source>
        <translation>--%1 опциясын --signed-request опциясымен бірге қолдануға болмайды: нені және не себепті кері қайтарып алу керектігі қол қойылған өтініште көрсетілген.</translation>
    </message>
    <message>
        <source>Certificate %1 of %2 revoked (%3) at %4 on the holder&apos;s signed application %5 (%6, signed with certificate %7).</source>
        <translation>%2 КО берген %1 тіркеу куәлігі иеленушінің қол қойылған №%5 өтініші бойынша (%6, %7 тіркеу куәлігімен қол қойылған) кері қайтарып алынды (%3), уақыты: %4.</translation>
    </message>
    <message>
        <source>the revocation application; alone (without --serial, --reason, --basis): carry out that approved application</source>
        <translation>кері қайтарып алу туралы өтініш; жалғыз өзі (--serial, --reason, --basis жоқ): сол мақұлданған өтінішті орындау</translation>
    </message>
    <message>
        <source>certificate revoke needs --%1 (or --signed-request FILE, or --application N alone for an approved revocation application).</source>
        <translation>certificate revoke үшін --%1 қажет (немесе --signed-request FILE, немесе мақұлданған кері қайтарып алу өтініші үшін жалғыз --application N).</translation>
    </message>
    <message>
        <source>Application %1 carried out: %2 revoked.</source>
        <translation>№%1 өтініш орындалды: %2 кері қайтарып алынды.</translation>
    </message>
    <message>
        <source>the document the revocation rests on (number, date; at most 500 characters)</source>
        <translation>кері қайтарып алу негізделетін құжат (нөмірі, күні; 500 таңбадан аспайды)</translation>
    </message>
    <message>
        <source>key compromise at a CA with a publish folder, to publish a delta CRL at once</source>
        <translation>жариялау қалтасы бар КО-да кілттің құпиялылығы бұзылғанда: дельта-КТКТ-ны бірден жариялау үшін</translation>
    </message>
    <message>
        <source>CRL number %1 published at once (%2 entries): %3</source>
        <translation>№%1 КТКТ бірден жарияланды (%2 жазба): %3</translation>
    </message>
    <message>
        <source>Not an ISO 8601 date or date and time: %1 (e.g. 2026-12-01 or 2026-12-01T09:30).</source>
        <translation>ISO 8601 форматындағы күн немесе күн мен уақыт емес: %1 (мысалы, 2026-12-01 немесе 2026-12-01T09:30).</translation>
    </message>
    <message>
        <source>since when the key is known or suspected to be compromised (ISO 8601 date, or date and time; Almaty time unless a zone is given): the CRL entry&apos;s invalidityDate; not after the revocation, not in the future</source>
        <translation>кілттің құпиялылығы қай уақыттан бастап бұзылғаны белгілі немесе бұзылды деп күдік бар (ISO 8601 форматындағы күн немесе күн мен уақыт; белдеу көрсетілмесе — Алматы уақыты): КТКТ жазбасының invalidityDate мәні; кері қайтарып алу уақытынан кейін емес, болашақта емес</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CertificateShowCommand</name>
    <message>
        <source>Show one certificate (and export it with --out)</source>
        <translation>Бір тіркеу куәлігін көрсету (және оны --out арқылы экспорттау)</translation>
    </message>
    <message>
        <source>serial number in hex (colons allowed)</source>
        <translation>он алтылық сериялық нөмір (қос нүктеге рұқсат етіледі)</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>КО коды</translation>
    </message>
    <message>
        <source>write the certificate (DER for .der/.cer, else PEM)</source>
        <translation>тіркеу куәлігін файлға жазу (.der/.cer үшін DER, әйтпесе PEM)</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Өріс</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Мәні</translation>
    </message>
    <message>
        <source>%1, %2 (internal order %3 of %4)</source>
        <translation>%1, %2 (%4 күнгі № %3 ішкі бұйрық)</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CliApp</name>
    <message>
        <source>register: a SQLite file (default: the embedded register in your data folder, or $TIRKEU_DB)</source>
        <translation>тіркелім: SQLite файлы (әдепкі бойынша: деректер қалтаңыздағы ендірілген тіркелім немесе $TIRKEU_DB)</translation>
    </message>
    <message>
        <source>operator login to act as</source>
        <translation>әрекет ететін оператордың логині</translation>
    </message>
    <message>
        <source>file whose first line is the operator&apos;s password (else $TIRKEU_PASSWORD)</source>
        <translation>бірінші жолында оператордың құпиясөзі жазылған файл (әйтпесе $TIRKEU_PASSWORD)</translation>
    </message>
    <message>
        <source>machine-readable JSON on standard output</source>
        <translation>стандартты шығысқа машина оқи алатын JSON</translation>
    </message>
    <message>
        <source>language of messages (default: $TIRKEU_LANG or the system locale)</source>
        <translation>хабарлар тілі (әдепкі бойынша: $TIRKEU_LANG немесе жүйенің тіл баптауы)</translation>
    </message>
    <message>
        <source>show help (for a command: tirkeu-cli COMMAND --help)</source>
        <translation>анықтаманы көрсету (команда бойынша: tirkeu-cli COMMAND --help)</translation>
    </message>
    <message>
        <source>show the version</source>
        <translation>нұсқаны көрсету</translation>
    </message>
    <message>
        <source>Usage: tirkeu-cli [global options] COMMAND [options]</source>
        <translation>Қолданылуы: tirkeu-cli [жалпы опциялар] COMMAND [опциялар]</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>Командалар:</translation>
    </message>
    <message>
        <source>Global options</source>
        <translation>Жалпы опциялар</translation>
    </message>
    <message>
        <source>Exit codes: 0 success, 1 failure, 2 bad arguments, 3 invalid input, 4 not permitted, 5 not found, 6 wrong state, 7 register error, 8 integrity check failed, 9 key or certificate error, 10 file error, 11 busy (another run holds the lock).</source>
        <translation>Шығу кодтары: 0 — сәтті, 1 — сәтсіз, 2 — қате аргументтер, 3 — жарамсыз деректер, 4 — рұқсат жоқ, 5 — табылмады, 6 — жарамсыз күй, 7 — тіркелім қатесі, 8 — тұтастықты тексеру сәтсіз, 9 — кілт немесе тіркеу куәлігі қатесі, 10 — файл қатесі, 11 — бос емес (құлыпты басқа іске қосу ұстап тұр).</translation>
    </message>
    <message>
        <source>Usage: tirkeu-cli %1 [options]</source>
        <translation>Қолданылуы: tirkeu-cli %1 [опциялар]</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Опциялар</translation>
    </message>
    <message>
        <source>tirkeu-cli: error: %1</source>
        <translation>tirkeu-cli: қате: %1</translation>
    </message>
    <message>
        <source>Unknown language %1: use kk, ru or en.</source>
        <translation>Белгісіз тіл: %1. kk, ru немесе en мәнін пайдаланыңыз.</translation>
    </message>
    <message>
        <source>Unknown command: %1. See tirkeu-cli --help.</source>
        <translation>Белгісіз команда: %1. tirkeu-cli --help қараңыз.</translation>
    </message>
    <message>
        <source>%1 (see tirkeu-cli %2 --help)</source>
        <translation>%1 (tirkeu-cli %2 --help қараңыз)</translation>
    </message>
    <message>
        <source>file whose first line is the register (a PostgreSQL address with its password stays out of the process list; refused when other users can read it)</source>
        <translation>бірінші жолында тіркелім жазылған файл (PostgreSQL мекенжайы құпия сөзімен процестер тізіміне шықпайды; басқа пайдаланушылар оқи алса, қабылданбайды)</translation>
    </message>
    <message>
        <source>Give the register either with --db or with --db-file, not both.</source>
        <translation>Тіркелімді --db немесе --db-file арқылы беріңіз, екеуін бірге емес.</translation>
    </message>
    <message>
        <source>register</source>
        <translation>тіркелім</translation>
    </message>
    <message>
        <source>The file %1 names no register on its first line.</source>
        <translation>%1 файлының бірінші жолында тіркелім көрсетілмеген.</translation>
    </message>
    <message>
        <source>Warning: the register address given with --db holds a password, which every user of this computer can read in the process list; give it with --db-file FILE (a file only you can read), in $TIRKEU_DB, or keep the password in ~/.pgpass.</source>
        <translation>Ескерту: --db арқылы берілген тіркелім мекенжайында құпия сөз бар, оны осы компьютердің кез келген пайдаланушысы процестер тізімінен оқи алады; оны --db-file FILE (тек сіз оқитын файл) арқылы, $TIRKEU_DB ішінде беріңіз немесе құпия сөзді ~/.pgpass ішінде сақтаңыз.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CliContext</name>
    <message>
        <source>No %1 given: use a file option or set %2.</source>
        <translation>Көрсетілмеген: %1. Файл опциясын пайдаланыңыз немесе %2 орнатыңыз.</translation>
    </message>
    <message>
        <source>This command needs an operator: add --as LOGIN and --password-file FILE (or set TIRKEU_PASSWORD).</source>
        <translation>Бұл командаға оператор қажет: --as LOGIN және --password-file FILE қосыңыз (немесе TIRKEU_PASSWORD орнатыңыз).</translation>
    </message>
    <message>
        <source>password</source>
        <translation>құпиясөз</translation>
    </message>
    <message>
        <source>tirkeu-cli: error: %1</source>
        <translation>tirkeu-cli: қате: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CrlPublishCommand</name>
    <message>
        <source>Publish a CA&apos;s full or delta CRL into a folder (unattended: passphrase from a file)</source>
        <translation>КО-ның толық немесе дельта-КТКТ тізімін қалтаға жариялау (автоматты режим: құпия фраза файлдан оқылады)</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>КО коды</translation>
    </message>
    <message>
        <source>folder the web server publishes from</source>
        <translation>веб-сервер жариялайтын қалта</translation>
    </message>
    <message>
        <source>Delta CRL %1 (base %2) of %3: %4 entries, %5 bytes, next update %6.</source>
        <translation>%3 КО-ның №%1 дельта-КТКТ (базасы №%2): %4 жазба, %5 байт, келесі жаңарту: %6.</translation>
    </message>
    <message>
        <source>CRL %1 of %2: %3 entries, %4 bytes, next update %5.</source>
        <translation>%2 КО-ның №%1 КТКТ: %3 жазба, %4 байт, келесі жаңарту: %5.</translation>
    </message>
    <message>
        <source>confirm that DIR is new to a CA that has published its CRLs elsewhere (recorded); without it such a folder is refused, so a register put back from an older copy cannot repeat a CRL number</source>
        <translation>КТКТ-ларын басқа жерде жариялаған КО үшін DIR жаңа қалта екенін растау (тіркеледі); онсыз мұндай қалтадан бас тартылады, сондықтан ескі көшірмеден қайтарылған тіркелім КТКТ нөмірін қайталай алмайды</translation>
    </message>
    <message>
        <source>a delta CRL against the last full CRL (refused for a CA with partitioned CRLs)</source>
        <translation>соңғы толық КТКТ-ға қатысты дельта-КТКТ (бөлінген КТКТ шығаратын КО үшін қабылданбайды)</translation>
    </message>
    <message>
        <source>Partition %1 (%2): CRL %3, %4 entries, %5 bytes: %6</source>
        <translation>%1 бөлігі (%2): КТКТ %3, %4 жазба, %5 байт: %6</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Ескерту: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CrlStatusCommand</name>
    <message>
        <source>Show a CA&apos;s last full and delta CRL and the publications it owes (key compromises not yet in a published CRL)</source>
        <translation>КО-ның соңғы толық және дельта-КТКТ-сын және оның қарыз жарияланымдарын (жарияланған КТКТ-ға әлі енбеген кілт құпиялылығының бұзылуларын) көрсету</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>КО коды</translation>
    </message>
    <message>
        <source>%1: none published</source>
        <translation>%1: жарияланбаған</translation>
    </message>
    <message>
        <source>%1: number %2, %3 entries, this update %4, next update %5 (%6)</source>
        <translation>%1: нөмірі %2, жазбалар — %3, шығарылған күні %4, келесі жаңарту %5 (%6)</translation>
    </message>
    <message>
        <source>Full CRL</source>
        <translation>Толық КТКТ</translation>
    </message>
    <message>
        <source>Delta CRL</source>
        <translation>Дельта-КТКТ</translation>
    </message>
    <message>
        <source>Nothing owed: every key compromise is in a published CRL.</source>
        <translation>Қарыз жоқ: кілт құпиялылығының әрбір бұзылуы жарияланған КТКТ-да бар.</translation>
    </message>
    <message>
        <source>Owed: %1 key compromise(s) not yet in a published CRL; publish now (tirkeu-cli crl publish --ca %2 --delta --out %3):</source>
        <translation>Қарыз: жарияланған КТКТ-ға әлі енбеген кілт құпиялылығының бұзылуы — %1; қазір жариялаңыз (tirkeu-cli crl publish --ca %2 --delta --out %3):</translation>
    </message>
    <message>
        <source>Pending: CRL number %1 was written but not marked published (%2, since %3); the next crl publish --out %2 finishes it.</source>
        <translation>Аяқталмаған: №%1 КТКТ жазылды, бірақ жарияланды деп белгіленбеді (%2, %3 уақытынан бастап); келесі crl publish --out %2 оны аяқтайды.</translation>
    </message>
    <message>
        <source>Pending: CRL number %1 was reserved but not written (%2, since %3); the next crl publish --out %2 abandons it.</source>
        <translation>Аяқталмаған: №%1 КТКТ нөмірі резервке алынды, бірақ КТКТ жазылмады (%2, %3 уақытынан бастап); келесі crl publish --out %2 одан бас тартады.</translation>
    </message>
    <message>
        <source>Owed: %1 key compromise(s) not yet in a published CRL. The CA %2 has no publish folder (publish_dir), so no CRL is published after a key compromise: publish now (tirkeu-cli crl publish --ca %2 --out FOLDER), or set one (tirkeu-cli ca set --code %2 publish_dir=FOLDER):</source>
        <translation>Қарыз: жарияланған КТКТ-ға әлі енбеген кілттің %1 компрометациясы. %2 КО-ның жариялау қалтасы (publish_dir) жоқ, сондықтан кілт компрометациясынан кейін КТКТ жарияланбайды: қазір жариялаңыз (tirkeu-cli crl publish --ca %2 --out FOLDER) немесе қалтаны орнатыңыз (tirkeu-cli ca set --code %2 publish_dir=FOLDER):</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::DbBackupCommand</name>
    <message>
        <source>Back up the register to a file (SQLite: online copy; PostgreSQL: pg_dump)</source>
        <translation>Тіркелімнің резервтік көшірмесін файлға жасау (SQLite: онлайн көшірме; PostgreSQL: pg_dump)</translation>
    </message>
    <message>
        <source>the backup file to write (must not exist)</source>
        <translation>жазылатын резервтік көшірме файлы (бұрын болмауы тиіс)</translation>
    </message>
    <message>
        <source>Name the backup file with --out FILE.</source>
        <translation>Резервтік көшірме файлын --out FILE арқылы көрсетіңіз.</translation>
    </message>
    <message>
        <source>Backup written: %1 (%2 bytes, %3)</source>
        <translation>Резервтік көшірме жазылды: %1 (%2 байт, %3)</translation>
    </message>
    <message>
        <source>Command run: %1</source>
        <translation>Орындалған команда: %1</translation>
    </message>
    <message>
        <source>Only an administrator may %1: add --as LOGIN and --password-file FILE (or set TIRKEU_PASSWORD).</source>
        <translation>Бұл әрекетті (%1) тек әкімші орындай алады: --as LOGIN және --password-file FILE қосыңыз (немесе TIRKEU_PASSWORD орнатыңыз).</translation>
    </message>
    <message>
        <source>password</source>
        <translation>құпия сөз</translation>
    </message>
    <message>
        <source>back up the register</source>
        <translation>тіркелімнің сақтық көшірмесін жасау</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::DbInfoCommand</name>
    <message>
        <source>Show the register&apos;s location, schema version and contents</source>
        <translation>Тіркелімнің орнын, схема нұсқасын және мазмұнын көрсету</translation>
    </message>
    <message>
        <source>Register:        %1</source>
        <translation>Тіркелім:          %1</translation>
    </message>
    <message>
        <source>Register id:     %1</source>
        <translation>Тіркелім id:       %1</translation>
    </message>
    <message>
        <source>Schema version:  %1 (this program: %2)</source>
        <translation>Схема нұсқасы:     %1 (осы бағдарлама: %2)</translation>
    </message>
    <message>
        <source>Created:         %1</source>
        <translation>Құрылған:          %1</translation>
    </message>
    <message>
        <source>Operators:       %1</source>
        <translation>Операторлар:       %1</translation>
    </message>
    <message>
        <source>CAs:             %1</source>
        <translation>КО-лар:            %1</translation>
    </message>
    <message>
        <source>Applications:    %1</source>
        <translation>Өтініштер:         %1</translation>
    </message>
    <message>
        <source>Certificates:    %1</source>
        <translation>Тіркеу куәліктері: %1</translation>
    </message>
    <message>
        <source>Revocations:     %1</source>
        <translation>Кері қайтарулар:   %1</translation>
    </message>
    <message>
        <source>Audit events:    %1</source>
        <translation>Журнал оқиғалары:  %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::DbInitCommand</name>
    <message>
        <source>Create the register (or upgrade its schema) and, with --admin, its first administrator</source>
        <translation>Тіркелімді құру (немесе оның схемасын жаңарту) және --admin арқылы оның бірінші әкімшісін құру</translation>
    </message>
    <message>
        <source>login of the first administrator (only for a register without operators)</source>
        <translation>бірінші әкімшінің логині (тек операторлары жоқ тіркелім үшін)</translation>
    </message>
    <message>
        <source>full name of the first administrator</source>
        <translation>бірінші әкімшінің аты-жөні</translation>
    </message>
    <message>
        <source>file whose first line is the new administrator&apos;s password (else $TIRKEU_ADMIN_PASSWORD)</source>
        <translation>бірінші жолында жаңа әкімшінің құпиясөзі жазылған файл (әйтпесе $TIRKEU_ADMIN_PASSWORD)</translation>
    </message>
    <message>
        <source>The register already has operators; add accounts with tirkeu-cli operator add.</source>
        <translation>Тіркелімде операторлар бар; тіркелгілерді tirkeu-cli operator add командасымен қосыңыз.</translation>
    </message>
    <message>
        <source>administrator password</source>
        <translation>әкімші құпиясөзі</translation>
    </message>
    <message>
        <source>Register ready: %1 (schema version %2)</source>
        <translation>Тіркелім дайын: %1 (схема нұсқасы %2)</translation>
    </message>
    <message>
        <source>First administrator created: %1</source>
        <translation>Бірінші әкімші құрылды: %1</translation>
    </message>
    <message>
        <source>The register has no operators yet: run db init --admin LOGIN to create the first administrator, or start tirkeu.</source>
        <translation>Тіркелімде әзірге операторлар жоқ: бірінші әкімшіні құру үшін db init --admin LOGIN орындаңыз немесе tirkeu бағдарламасын іске қосыңыз.</translation>
    </message>
    <message>
        <source>PostgreSQL: the role the programs connect as; db init (run as the schema owner) grants it only what the workflows need</source>
        <translation>PostgreSQL: бағдарламалар қосылатын рөл; db init (схема иесі ретінде іске қосылады) оған тек жұмыс процестеріне қажеттіні береді</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::DbMigrateCommand</name>
    <message>
        <source>Move a whole register into an empty one (e.g. from SQLite to PostgreSQL)</source>
        <translation>Тіркелімді толығымен бос тіркелімге көшіру (мысалы, SQLite-тан PostgreSQL-ге)</translation>
    </message>
    <message>
        <source>the register to copy (sqlite:PATH or postgresql://...)</source>
        <translation>көшірілетін тіркелім (sqlite:PATH немесе postgresql://...)</translation>
    </message>
    <message>
        <source>the empty register to fill (created/upgraded first)</source>
        <translation>толтырылатын бос тіркелім (алдымен құрылады/жаңартылады)</translation>
    </message>
    <message>
        <source>Name both registers: --from LOCATION --to LOCATION.</source>
        <translation>Екі тіркелімді де көрсетіңіз: --from LOCATION --to LOCATION.</translation>
    </message>
    <message>
        <source>Copied %1 rows from %2 to %3; row counts and audit chain verified (%4 events).</source>
        <translation>%2 тіркелімінен %3 тіркеліміне %1 жол көшірілді; жолдар саны мен аудит тізбегі тексерілді (%4 оқиға).</translation>
    </message>
    <message>
        <source>move a register</source>
        <translation>тіркелімді көшіру</translation>
    </message>
    <message>
        <source>The register %1 is now read only (it refuses every write, naming the new location): use %2 on every workstation, in TIRKEU_DB, the CRL job and the OCSP responder.</source>
        <translation>%1 тіркелімі енді тек оқуға арналған (жаңа орнын атай отырып, кез келген жазуды қабылдамайды): әр жұмыс орнында, TIRKEU_DB ішінде, КТКТ тапсырмасында және OCSP жауап берушісінде %2 пайдаланыңыз.</translation>
    </message>
    <message>
        <source>The move of %1 to %2, stopped after %1 was retired, is finished: %2 takes writes now. Use %2 on every workstation, in TIRKEU_DB, the CRL job and the OCSP responder.</source>
        <translation>%1 тіркелімін %2 орнына көшіру (%1 істен шығарылғаннан кейін тоқтаған) аяқталды: енді %2 жазбаларды қабылдайды. Әр жұмыс орнында, TIRKEU_DB-де, КТКТ тапсырмасында және OCSP жауап берушісінде %2 пайдаланыңыз.</translation>
    </message>
    <message>
        <source>Warning: the register address given with %1 holds a password, which every user of this computer can read in the process list; keep the password in ~/.pgpass or give it in $PGPASSWORD.</source>
        <translation>Ескерту: %1 арқылы берілген тіркелім мекенжайында құпия сөз бар, оны осы компьютердің кез келген пайдаланушысы процестер тізімінен оқи алады; құпия сөзді ~/.pgpass ішінде сақтаңыз немесе $PGPASSWORD ішінде беріңіз.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::DbRestoreCommand</name>
    <message>
        <source>Restore a backup into the register named by --db (which must be empty)</source>
        <translation>Резервтік көшірмені --db арқылы көрсетілген тіркелімге қалпына келтіру (тіркелім бос болуы тиіс)</translation>
    </message>
    <message>
        <source>the backup file (SQLite backup, or pg_dump file for PostgreSQL)</source>
        <translation>резервтік көшірме файлы (SQLite резервтік көшірмесі немесе PostgreSQL үшін pg_dump файлы)</translation>
    </message>
    <message>
        <source>overwrite a SQLite register that is not empty</source>
        <translation>бос емес SQLite тіркелімін қайта жазу</translation>
    </message>
    <message>
        <source>Name the backup file with --from FILE.</source>
        <translation>Резервтік көшірме файлын --from FILE арқылы көрсетіңіз.</translation>
    </message>
    <message>
        <source>Restored %1 rows into %2 (%3); audit chain verified (%4 events).</source>
        <translation>%2 тіркеліміне %1 жол қалпына келтірілді (%3); аудит тізбегі тексерілді (%4 оқиға).</translation>
    </message>
    <message>
        <source>why the rollback is accepted (required with --accept-rollback)</source>
        <translation>кері шегіну неге қабылданады (--accept-rollback бірге міндетті)</translation>
    </message>
    <message>
        <source>restore a register</source>
        <translation>тіркелімді қалпына келтіру</translation>
    </message>
    <message>
        <source>Rollback accepted and recorded; CRL numbers continue above the highest ever published.</source>
        <translation>Кері шегіну қабылданып, тіркелді; КТКТ нөмірлері бұрын жарияланғандардың ең үлкенінен жоғары жалғасады.</translation>
    </message>
    <message>
        <source>The replaced register is kept as %1, with the register&apos;s mode and never readable by other users.</source>
        <translation>Ауыстырылған тіркелім %1 ретінде сақталды: рұқсаттары тіркелімдікіндей, басқа пайдаланушылар оны ешқашан оқи алмайды.</translation>
    </message>
    <message>
        <source>restore even though the register has published newer CRLs or audit anchors, or has revocations or certificates the backup lacks (recorded with --reason)</source>
        <translation>тіркелім жаңарақ КТКТ немесе аудит якорьларын жариялаған болса да, немесе сақтық көшірмеде жоқ кері қайтарулар не сертификаттар болса да қалпына келтіру (--reason арқылы жазылады)</translation>
    </message>
    <message>
        <source>Revocations taken back by the restore (OCSP may have answered them as revoked): revoke these certificates again now.</source>
        <translation>Қалпына келтіру арқылы жойылған кері қайтарулар (OCSP оларды кері қайтарылған деп жауап берген болуы мүмкін): бұл сертификаттарды дереу қайта кері қайтарыңыз.</translation>
    </message>
    <message>
        <source>  CA %1, serial %2: %3, revoked at %4</source>
        <translation>  %1 КО, сериялық нөмір %2: %3, кері қайтарылған уақыты %4</translation>
    </message>
    <message>
        <source>Certificates issued after the backup, which the restored register does not know (OCSP answers &quot;unknown&quot; for them; their holders still have them):</source>
        <translation>Сақтық көшірмеден кейін шығарылған сертификаттар, оларды қалпына келтірілген тіркелім білмейді (OCSP олар үшін «unknown» деп жауап береді; олар иелерінің қолында):</translation>
    </message>
    <message>
        <source>  CA %1, serial %2</source>
        <translation>  %1 КО, сериялық нөмір %2</translation>
    </message>
    <message>
        <source>Removed %1: the private copy of a backup that a db restore stopped before its end had left (its process no longer runs).</source>
        <translation>%1 жойылды: соңына дейін жетпей тоқтаған db restore қалдырған сақтық көшірменің жеке көшірмесі (оның процесі енді жұмыс істемейді).</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::DraftActionCommand</name>
    <message>
        <source>Register one of your drafts as an application (checked as any application)</source>
        <translation>Нобайларыңыздың бірін өтініш ретінде тіркеу (кез келген өтініш сияқты тексеріледі)</translation>
    </message>
    <message>
        <source>Delete one of your drafts</source>
        <translation>Нобайларыңыздың бірін жою</translation>
    </message>
    <message>
        <source>draft number</source>
        <translation>нобай нөмірі</translation>
    </message>
    <message>
        <source>A draft number is a positive whole number: %1</source>
        <translation>Нобай нөмірі — оң бүтін сан: %1</translation>
    </message>
    <message>
        <source>Draft %1 deleted.</source>
        <translation>%1 нобайы жойылды.</translation>
    </message>
    <message>
        <source>Draft %1 registered as application %2.</source>
        <translation>%1 нобайы №%2 өтініш ретінде тіркелді.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::DraftListCommand</name>
    <message numerus="yes">
        <source>List your drafts: applications typed and not registered yet (kept %n day(s) after the last change)</source>
        <translation>
            <numerusform>Нобайларыңыздың тізімі: терілген, бірақ әлі тіркелмеген өтініштер (соңғы өзгерістен кейін %n күн сақталады)</numerusform>
            <numerusform>Нобайларыңыздың тізімі: терілген, бірақ әлі тіркелмеген өтініштер (соңғы өзгерістен кейін %n күн сақталады)</numerusform>
        </translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Нобай</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Өзгертілді</translation>
    </message>
    <message>
        <source>CA</source>
        <translation>КО</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Нысан</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Өтініш беруші</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::FormListCommand</name>
    <message>
        <source>List the official forms</source>
        <translation>Ресми нысандарды тізімдеу</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Нысан</translation>
    </message>
    <message>
        <source>CA kind</source>
        <translation>КО түрі</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Атауы</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::FormPrintCommand</name>
    <message>
        <source>Print the filled-in form of an application (PDF) for the applicant&apos;s signature</source>
        <translation>Өтініш берушінің қолы үшін өтініштің толтырылған нысанын басып шығару (PDF)</translation>
    </message>
    <message>
        <source>application number</source>
        <translation>өтініш нөмірі</translation>
    </message>
    <message>
        <source>output file</source>
        <translation>шығыс файлы</translation>
    </message>
    <message>
        <source>An application number is a positive whole number: %1</source>
        <translation>Өтініш нөмірі оң бүтін сан болуы тиіс: %1</translation>
    </message>
    <message>
        <source>Application %1 printed to %2.</source>
        <translation>№%1 өтініш %2 файлына басып шығарылды.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::FormShowCommand</name>
    <message>
        <source>Show a form&apos;s fields: the JSON keys of application submit --data</source>
        <translation>Нысан өрістерін көрсету: application submit --data үшін JSON кілттері</translation>
    </message>
    <message>
        <source>form code, e.g. NCA-ISSUE-IND</source>
        <translation>нысан коды, мысалы, NCA-ISSUE-IND</translation>
    </message>
    <message>
        <source>Unknown form %1. Known forms: %2</source>
        <translation>Белгісіз нысан: %1. Белгілі нысандар: %2</translation>
    </message>
    <message>
        <source>Field id</source>
        <translation>Өріс id</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Түрі</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Міндетті</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Белгісі</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>иә</translation>
    </message>
    <message>
        <source>no</source>
        <translation>жоқ</translation>
    </message>
    <message>
        <source>Each entry of &quot;persons&quot;:</source>
        <translation>&quot;persons&quot; тізімінің әр жазбасы:</translation>
    </message>
    <message>
        <source>Attachments (--attachments):</source>
        <translation>Қосымшалар (--attachments):</translation>
    </message>
    <message>
        <source> (optional)</source>
        <translation> (міндетті емес)</translation>
    </message>
    <message>
        <source>Consent to personal-data processing must be recorded (--consent).</source>
        <translation>Дербес деректерді өңдеуге келісім тіркелуі тиіс (--consent).</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::FormTemplateCommand</name>
    <message>
        <source>Write the fillable PDF template of a form (fields named after the form&apos;s field ids)</source>
        <translation>Нысанның толтырылатын PDF үлгісін жазу (өрістер нысан өрістерінің id-лерімен аталады)</translation>
    </message>
    <message>
        <source>form code, e.g. NCA-ISSUE-IND</source>
        <translation>нысан коды, мысалы, NCA-ISSUE-IND</translation>
    </message>
    <message>
        <source>GOV letters: how many personal attachments (1 to 20)</source>
        <translation>GOV хаттары: жеке қосымшалар саны (1-ден 20-ға дейін)</translation>
    </message>
    <message>
        <source>output file</source>
        <translation>шығыс файлы</translation>
    </message>
    <message>
        <source>Unknown form %1. Known forms: %2</source>
        <translation>Белгісіз нысан: %1. Белгілі нысандар: %2</translation>
    </message>
    <message>
        <source>Template of %1 written to %2.</source>
        <translation>%1 нысанының үлгісі %2 файлына жазылды.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::ManPage</name>
    <message>
        <source>Tirkeu manual</source>
        <translation>Tirkeu нұсқаулығы</translation>
    </message>
    <message>
        <source>command line of the Tirkeu certification authority back office</source>
        <translation>Tirkeu куәландырушы орталық бэк-офисінің командалық жолы</translation>
    </message>
    <message>
        <source>global options</source>
        <translation>жалпы опциялар</translation>
    </message>
    <message>
        <source>COMMAND</source>
        <translation>КОМАНДА</translation>
    </message>
    <message>
        <source>options</source>
        <translation>опциялар</translation>
    </message>
    <message>
        <source>tirkeu-cli works on the same register and under the same rules as the desktop program tirkeu: operators, CAs, applications on the official forms, certificates, revocations, CRLs, the audit chain and retention. Commands that change the register need an operator account (--as and --password-file). Errors go to standard error; --json gives machine-readable output.</source>
        <translation>tirkeu-cli tirkeu жұмыс үстелі бағдарламасымен бір тіркелімде және бірдей ережелер бойынша жұмыс істейді: операторлар, КО-лар, ресми нысандар бойынша өтініштер, тіркеу куәліктері, кері қайтарып алулар, КТКТ, аудит тізбегі және сақтау мерзімдері. Тіркелімді өзгертетін командаларға оператор тіркелгісі қажет (--as және --password-file). Қателер стандартты қате ағынына шығарылады; --json машина оқи алатын нәтиже береді.</translation>
    </message>
    <message>
        <source>GLOBAL OPTIONS</source>
        <translation>ЖАЛПЫ ОПЦИЯЛАР</translation>
    </message>
    <message>
        <source>COMMANDS</source>
        <translation>КОМАНДАЛАР</translation>
    </message>
    <message>
        <source>EXIT STATUS</source>
        <translation>ШЫҒУ КОДТАРЫ</translation>
    </message>
    <message>
        <source>ENVIRONMENT</source>
        <translation>ОРТА АЙНЫМАЛЫЛАРЫ</translation>
    </message>
    <message>
        <source>the register when --db is not given</source>
        <translation>--db көрсетілмегенде пайдаланылатын тіркелім</translation>
    </message>
    <message>
        <source>the operator&apos;s password when --password-file is not given</source>
        <translation>--password-file көрсетілмегенде оператордың құпиясөзі</translation>
    </message>
    <message>
        <source>the new account&apos;s password for operator add</source>
        <translation>operator add үшін жаңа тіркелгінің құпиясөзі</translation>
    </message>
    <message>
        <source>the CA key passphrase when no passphrase file is given</source>
        <translation>құпия фраза файлы көрсетілмегенде КО кілтінің құпия фразасы</translation>
    </message>
    <message>
        <source>the language of messages (kk, ru or en) when --lang is not given</source>
        <translation>--lang көрсетілмегенде хабарлар тілі (kk, ru немесе en)</translation>
    </message>
    <message>
        <source>FILES</source>
        <translation>ФАЙЛДАР</translation>
    </message>
    <message>
        <source>settings of the scheduled CRL job (register, CAs, output folder, operator)</source>
        <translation>жоспарланған КТКТ тапсырмасының баптаулары (тіркелім, КО-лар, шығыс қалтасы, оператор)</translation>
    </message>
    <message>
        <source>the CRL job run by the tirkeu-crl@.service unit and /etc/cron.d/tirkeu</source>
        <translation>tirkeu-crl@.service юниті және /etc/cron.d/tirkeu іске қосатын КТКТ тапсырмасы</translation>
    </message>
    <message>
        <source>SEE ALSO</source>
        <translation>СОНДАЙ-АҚ ҚАРАҢЫЗ</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::NotifyListCommand</name>
    <message>
        <source>List the notices to holders (revocation notices, expiry reminders), newest first</source>
        <translation>Куәлік иелеріне хабарламалар тізімі (кері қайтару туралы хабарламалар, мерзім аяқталуы туралы ескертулер), жаңалары бірінші</translation>
    </message>
    <message>
        <source>only notices in this state</source>
        <translation>тек осы күйдегі хабарламалар</translation>
    </message>
    <message>
        <source>at most this many notices</source>
        <translation>хабарламалардың ең көп саны</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Түрі</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>Сериялық нөмір</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Кімге</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Күйі</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Әрекеттер</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Соңғы қате</translation>
    </message>
    <message>
        <source>expiry reminder</source>
        <translation>мерзім аяқталуы туралы ескерту</translation>
    </message>
    <message>
        <source>revocation notice</source>
        <translation>кері қайтару туралы хабарлама</translation>
    </message>
    <message>
        <source>sent %1</source>
        <translation>жіберілді %1</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>жіберілмеді</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>кезекте</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::NotifyQueueExpiringCommand</name>
    <message>
        <source>Queue an expiry reminder for every valid certificate that ends within N days and has none yet</source>
        <translation>N күн ішінде мерзімі аяқталатын және әлі ескертуі жоқ әрбір жарамды куәлікке ескерту кезекке қою</translation>
    </message>
    <message>
        <source>certificates that end within this many days</source>
        <translation>осы күн ішінде мерзімі аяқталатын куәліктер</translation>
    </message>
    <message numerus="yes">
        <source>%n expiry reminder(s) queued.</source>
        <translation>
            <numerusform>Мерзім аяқталуы туралы %n ескерту кезекке қойылды.</numerusform>
            <numerusform>Мерзім аяқталуы туралы %n ескерту кезекке қойылды.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::NotifySendCommand</name>
    <message>
        <source>Send the queued notices that are due by e-mail (SMTP); failures are retried later</source>
        <translation>Мерзімі жеткен кезектегі хабарламаларды электрондық поштамен (SMTP) жіберу; сәтсіздері кейін қайталанады</translation>
    </message>
    <message>
        <source>the mail server: smtp://HOST:PORT (STARTTLS when offered) or smtps://HOST:PORT</source>
        <translation>пошта сервері: smtp://HOST:PORT (ұсынылса STARTTLS) немесе smtps://HOST:PORT</translation>
    </message>
    <message>
        <source>the sender address of the notices</source>
        <translation>хабарламаларды жіберушінің мекенжайы</translation>
    </message>
    <message>
        <source>SMTP login (then TLS is required)</source>
        <translation>SMTP логині (бұл жағдайда TLS міндетті)</translation>
    </message>
    <message>
        <source>file whose first line is the SMTP password</source>
        <translation>бірінші жолы SMTP құпиясөзі болатын файл</translation>
    </message>
    <message>
        <source>give a notice up after this many failed attempts</source>
        <translation>осынша сәтсіз әрекеттен кейін хабарламадан бас тарту</translation>
    </message>
    <message>
        <source>--smtp-user needs --smtp-password-file FILE.</source>
        <translation>--smtp-user үшін --smtp-password-file FILE қажет.</translation>
    </message>
    <message>
        <source>SMTP password</source>
        <translation>SMTP құпиясөзі</translation>
    </message>
    <message>
        <source>Notices sent: %1; to retry later: %2; given up: %3.</source>
        <translation>Жіберілген хабарламалар: %1; кейін қайталанатыны: %2; бас тартылғаны: %3.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::OcspInitSignerCommand</name>
    <message>
        <source>Issue a CA&apos;s delegated OCSP signing certificate for tirkeu-ocsp (officers and administrators)</source>
        <translation>tirkeu-ocsp үшін КО-ның өкілетті OCSP қол қою тіркеу куәлігін беру (КО қызметкерлері мен әкімшілер)</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>КО коды</translation>
    </message>
    <message>
        <source>new file for the signer&apos;s key (encrypted PKCS#8, never overwritten)</source>
        <translation>қол қоюшы кілтіне арналған жаңа файл (шифрланған PKCS#8, ешқашан қайта жазылмайды)</translation>
    </message>
    <message>
        <source>algorithm of the new key: p256, p384, rsa2048, rsa3072, rsa4096</source>
        <translation>жаңа кілттің алгоритмі: p256, p384, rsa2048, rsa3072, rsa4096</translation>
    </message>
    <message>
        <source>file whose first line is the new key&apos;s passphrase (else $TIRKEU_OCSP_PASSPHRASE)</source>
        <translation>бірінші жолында жаңа кілттің құпия фразасы жазылған файл (әйтпесе $TIRKEU_OCSP_PASSPHRASE)</translation>
    </message>
    <message>
        <source>instead of --key-out: an existing key (pkcs11:token=…;object=… or an encrypted key file)</source>
        <translation>--key-out орнына: бар кілт (pkcs11:token=…;object=… немесе шифрланған кілт файлы)</translation>
    </message>
    <message>
        <source>with --key-uri: file whose first line is the token PIN or key passphrase</source>
        <translation>--key-uri көрсетілсе: бірінші жолында токен PIN-коды немесе кілттің құпия фразасы жазылған файл</translation>
    </message>
    <message>
        <source>also write the certificate (PEM) to this new file</source>
        <translation>тіркеу куәлігін (PEM) осы жаңа файлға да жазу</translation>
    </message>
    <message>
        <source>validity of the certificate in days</source>
        <translation>тіркеу куәлігінің әрекет ету мерзімі (күн)</translation>
    </message>
    <message>
        <source>Give either --key-out FILE (a new key) or --key-uri URI (an existing key).</source>
        <translation>Не --key-out FILE (жаңа кілт), не --key-uri URI (бар кілт) көрсетіңіз.</translation>
    </message>
    <message>
        <source>--key-uri needs --pin-file FILE.</source>
        <translation>--key-uri үшін --pin-file FILE қажет.</translation>
    </message>
    <message>
        <source>OCSP signing key passphrase</source>
        <translation>OCSP қол қою кілтінің құпия фразасы</translation>
    </message>
    <message>
        <source>OCSP signing certificate %1 of CA %2 issued, valid until %3; key %4 (SHA-256 %5).</source>
        <translation>%2 КО-ның %1 OCSP қол қою тіркеу куәлігі берілді, %3 дейін жарамды; кілт %4 (SHA-256 %5).</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::OcspRenewSignerCommand</name>
    <message>
        <source>Renew a CA&apos;s OCSP signing certificate when it expires soon (scheduled job; officers and administrators)</source>
        <translation>Мерзімі жақында аяқталатын болса, КО-ның OCSP қол қою тіркеу куәлігін жаңарту (жоспарлы тапсырма; КО қызметкерлері мен әкімшілер)</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>КО коды</translation>
    </message>
    <message>
        <source>renew when the current certificate expires within N days</source>
        <translation>ағымдағы тіркеу куәлігінің мерзімі N күн ішінде аяқталса, жаңарту</translation>
    </message>
    <message>
        <source>validity of the new certificate in days</source>
        <translation>жаңа тіркеу куәлігінің әрекет ету мерзімі (күн)</translation>
    </message>
    <message>
        <source>renew now, whatever the expiry</source>
        <translation>мерзіміне қарамастан, қазір жаңарту</translation>
    </message>
    <message>
        <source>OCSP signing certificate %1 of CA %2 issued, valid until %3.</source>
        <translation>%2 КО-ның %1 OCSP қол қою тіркеу куәлігі берілді, %3 дейін жарамды.</translation>
    </message>
    <message>
        <source>The OCSP signing certificate %1 of CA %2 is valid until %3; not renewed yet.</source>
        <translation>%2 КО-ның %1 OCSP қол қою тіркеу куәлігі %3 дейін жарамды; әзірге жаңартылмайды.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::OperatorAddCommand</name>
    <message>
        <source>Add an operator account (administrators)</source>
        <translation>Оператор тіркелгісін қосу (әкімшілер)</translation>
    </message>
    <message>
        <source>new login</source>
        <translation>жаңа логин</translation>
    </message>
    <message>
        <source>full name</source>
        <translation>аты-жөні</translation>
    </message>
    <message>
        <source>operator, officer, auditor or administrator</source>
        <translation>operator, officer, auditor немесе administrator</translation>
    </message>
    <message>
        <source>file whose first line is the new operator&apos;s password (else $TIRKEU_NEW_PASSWORD)</source>
        <translation>бірінші жолында жаңа оператордың құпиясөзі жазылған файл (әйтпесе $TIRKEU_NEW_PASSWORD)</translation>
    </message>
    <message>
        <source>Unknown role %1: use operator, officer, auditor or administrator.</source>
        <translation>Белгісіз рөл: %1. operator, officer, auditor немесе administrator мәнін пайдаланыңыз.</translation>
    </message>
    <message>
        <source>new password</source>
        <translation>жаңа құпиясөз</translation>
    </message>
    <message>
        <source>Operator %1 added (%2).</source>
        <translation>%1 операторы қосылды (%2).</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::OperatorDisableCommand</name>
    <message>
        <source>Disable an operator account (it is never deleted)</source>
        <translation>Оператор тіркелгісін өшіру (тіркелгі ешқашан жойылмайды)</translation>
    </message>
    <message>
        <source>login to disable</source>
        <translation>өшірілетін логин</translation>
    </message>
    <message>
        <source>Operator %1 disabled.</source>
        <translation>%1 операторы өшірілді.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::OperatorListCommand</name>
    <message>
        <source>List operator accounts</source>
        <translation>Оператор тіркелгілерін тізімдеу</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Логин</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Аты-жөні</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Рөлі</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Белсенді</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>иә</translation>
    </message>
    <message>
        <source>no</source>
        <translation>жоқ</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Бұғатталған</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::OperatorLockoutCommand</name>
    <message>
        <source>Show or set after how many failed sign-ins a login is locked</source>
        <translation>Қанша сәтсіз кіруден кейін логин бұғатталатынын көрсету немесе орнату</translation>
    </message>
    <message>
        <source>lock a login after N failed sign-ins in a row (3 to 100; administrators)</source>
        <translation>қатарынан N сәтсіз кіруден кейін логинді бұғаттау (3-тен 100-ге дейін; әкімшілер)</translation>
    </message>
    <message>
        <source>A login is locked after %1 failed sign-ins in a row.</source>
        <translation>Логин қатарынан %1 сәтсіз кіруден кейін бұғатталады.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::OperatorUnlockCommand</name>
    <message>
        <source>Unlock a login after failed sign-ins (administrators)</source>
        <translation>Сәтсіз кірулерден кейін логинді бұғаттан шығару (әкімшілер)</translation>
    </message>
    <message>
        <source>login to unlock</source>
        <translation>бұғаттан шығарылатын логин</translation>
    </message>
    <message>
        <source>Login %1 unlocked.</source>
        <translation>%1 логині бұғаттан шығарылды.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::ReportCommand</name>
    <message>
        <source>Not a date (YYYY-MM-DD or DD.MM.YYYY): %1</source>
        <translation>Күн емес (YYYY-MM-DD немесе DD.MM.YYYY): %1</translation>
    </message>
    <message>
        <source>Print a register or journal as PDF or CSV: %1</source>
        <translation>Тіркелімді немесе журналды PDF немесе CSV түрінде басып шығару: %1</translation>
    </message>
    <message>
        <source>the report, e.g. issuance-journal</source>
        <translation>есеп, мысалы, issuance-journal</translation>
    </message>
    <message>
        <source>CA code (every report except audit-anchors)</source>
        <translation>КО коды (audit-anchors қоспағанда, барлық есептер үшін)</translation>
    </message>
    <message>
        <source>first day of the period (YYYY-MM-DD or DD.MM.YYYY)</source>
        <translation>кезеңнің бірінші күні (YYYY-MM-DD немесе DD.MM.YYYY)</translation>
    </message>
    <message>
        <source>last day of the period (default: today)</source>
        <translation>кезеңнің соңғы күні (әдепкі бойынша: бүгін)</translation>
    </message>
    <message>
        <source>expiring: certificates that expire within this many days</source>
        <translation>expiring: мерзімі осы күн саны ішінде аяқталатын тіркеу куәліктері</translation>
    </message>
    <message>
        <source>output format</source>
        <translation>шығыс пішімі</translation>
    </message>
    <message>
        <source>output file</source>
        <translation>шығыс файлы</translation>
    </message>
    <message>
        <source>Unknown report %1. Reports: %2</source>
        <translation>Белгісіз есеп: %1. Есептер: %2</translation>
    </message>
    <message>
        <source>The format is pdf or csv: %1</source>
        <translation>Пішім pdf немесе csv болуы тиіс: %1</translation>
    </message>
    <message>
        <source>The period ends before it starts.</source>
        <translation>Кезеңнің аяқталу күні басталу күнінен бұрын.</translation>
    </message>
    <message>
        <source>The report %1 needs --ca CODE.</source>
        <translation>%1 есебі үшін --ca CODE қажет.</translation>
    </message>
    <message>
        <source>%1 written to %2 (%3 rows).</source>
        <translation>%1 %2 файлына жазылды (%3 жол).</translation>
    </message>
    <message>
        <source>CSV: the field separator (default: &quot;;&quot; in Kazakh and Russian, &quot;,&quot; in English)</source>
        <translation>CSV: өріс бөлгіші (әдепкі: қазақ және орыс тілдерінде &quot;;&quot;, ағылшын тілінде &quot;,&quot;)</translation>
    </message>
    <message>
        <source>The CSV separator is &quot;;&quot; or &quot;,&quot;: %1</source>
        <translation>CSV бөлгіші — &quot;;&quot; немесе &quot;,&quot;: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::RetentionSetCommand</name>
    <message>
        <source>Change the retention periods of a CA kind (administrators)</source>
        <translation>КО түрінің сақтау мерзімдерін өзгерту (әкімшілер)</translation>
    </message>
    <message>
        <source>root, government or national</source>
        <translation>root, government немесе national</translation>
    </message>
    <message>
        <source>years records are kept after the certificate terminates</source>
        <translation>тіркеу куәлігінің қолданысы тоқтағаннан кейін жазбалар сақталатын жылдар</translation>
    </message>
    <message>
        <source>years event logs are kept after the certificate expires</source>
        <translation>тіркеу куәлігінің мерзімі өткеннен кейін оқиғалар журналы сақталатын жылдар</translation>
    </message>
    <message>
        <source>Unknown CA kind %1: use root, government or national.</source>
        <translation>Белгісіз КО түрі: %1. root, government немесе national мәнін пайдаланыңыз.</translation>
    </message>
    <message>
        <source>Retention periods of %1 CAs changed.</source>
        <translation>%1 түріндегі КО-лардың сақтау мерзімдері өзгертілді.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::RetentionShowCommand</name>
    <message>
        <source>Show the retention periods per CA kind</source>
        <translation>КО түрлері бойынша сақтау мерзімдерін көрсету</translation>
    </message>
    <message>
        <source>CA kind</source>
        <translation>КО түрі</translation>
    </message>
    <message>
        <source>Records: years after termination</source>
        <translation>Жазбалар: тоқтатылғаннан кейінгі жылдар</translation>
    </message>
    <message>
        <source>Event log: years after expiry</source>
        <translation>Оқиғалар журналы: мерзімі өткеннен кейінгі жылдар</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::RetentionSweepCommand</name>
    <message>
        <source>Move records whose retention has ended into a verified archive, then delete them (administrators)</source>
        <translation>Сақтау мерзімі аяқталған жазбаларды тексерілген мұрағатқа көшіріп, содан кейін жою (әкімшілер)</translation>
    </message>
    <message>
        <source>folder for the archive file and its manifest</source>
        <translation>мұрағат файлы мен оның манифестіне арналған қалта</translation>
    </message>
    <message>
        <source>only count what is due; change nothing</source>
        <translation>тек мерзімі жеткендерін санау; ештеңе өзгертпеу</translation>
    </message>
    <message>
        <source>Give --archive-dir DIR (or --dry-run).</source>
        <translation>--archive-dir DIR көрсетіңіз (немесе --dry-run).</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Жазбалар</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Саны</translation>
    </message>
    <message>
        <source>Dry run: %1 records are due; nothing was changed.</source>
        <translation>Сынақ іске қосу: мерзімі жеткен %1 жазба бар; ештеңе өзгертілген жоқ.</translation>
    </message>
    <message>
        <source>No record has reached the end of its retention period.</source>
        <translation>Сақтау мерзімі аяқталған жазба жоқ.</translation>
    </message>
    <message>
        <source>%1 records archived to %2 (SHA-256 %3) and removed from the register.</source>
        <translation>%1 жазба %2 мұрағатына көшірілді (SHA-256 %3) және тіркелімнен жойылды.</translation>
    </message>
    <message>
        <source>The clock is more than a day after the register&apos;s newest event: records were swept only up to %1. Check the machine&apos;s clock.</source>
        <translation>Сағат тізілімнің ең соңғы оқиғасынан бір тәуліктен астам кейінгі уақытты көрсетеді: жазбалар тек %1 дейін ғана жойылды. Компьютердің сағатын тексеріңіз.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::RulesLoadCommand</name>
    <message>
        <source>Load a rules file: validated, stored in the register and audited (administrators)</source>
        <translation>Қағидалар файлын жүктеу: тексеріледі, тіркелімде сақталады және аудит журналына жазылады (әкімшілер)</translation>
    </message>
    <message>
        <source>the rules file (JSON, format tirkeu-rules)</source>
        <translation>қағидалар файлы (JSON, tirkeu-rules форматы)</translation>
    </message>
    <message>
        <source>Rules file %1 loaded (SHA-256 %2); editions: %3.</source>
        <translation>%1 қағидалар файлы жүктелді (SHA-256 %2); редакциялары: %3.</translation>
    </message>
    <message>
        <source>It takes effect on %1; until then the rules file %2 applies.</source>
        <translation>Ол %1 бастап күшіне енеді; оған дейін %2 ережелер файлы қолданылады.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::RulesShowCommand</name>
    <message>
        <source>Show the legal rules in force (deadlines, retention, validity, attachments, refusal reasons)</source>
        <translation>Қолданыстағы құқықтық қағидаларды көрсету (мерзімдер, сақтау, жарамдылық, қосымшалар, бас тарту негіздері)</translation>
    </message>
    <message>
        <source>the rules in force on this date (yyyy-MM-dd; default: today)</source>
        <translation>осы күні қолданыста болған қағидалар (yyyy-MM-dd; әдепкі бойынша: бүгін)</translation>
    </message>
    <message>
        <source>%1 is not a date: use yyyy-MM-dd.</source>
        <translation>%1 — күн емес: yyyy-MM-dd пішімін пайдаланыңыз.</translation>
    </message>
    <message>
        <source>Rules file %1%2 (SHA-256 %3)</source>
        <translation>Қағидалар файлы %1%2 (SHA-256 %3)</translation>
    </message>
    <message>
        <source>, built in</source>
        <translation>, кірістірілген</translation>
    </message>
    <message>
        <source>, loaded by %1</source>
        <translation>, жүктеген: %1</translation>
    </message>
    <message>
        <source>Edition %1, in force from %2</source>
        <translation>%1 редакциясы, %2 бастап қолданыста</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>Мерзімдер</translation>
    </message>
    <message>
        <source>Form or action</source>
        <translation>Нысан немесе әрекет</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>Күндер</translation>
    </message>
    <message>
        <source>Counted in</source>
        <translation>Есептеу тәсілі</translation>
    </message>
    <message>
        <source>Clause</source>
        <translation>Тармақ</translation>
    </message>
    <message>
        <source>working days</source>
        <translation>жұмыс күндері</translation>
    </message>
    <message>
        <source>calendar days</source>
        <translation>күнтізбелік күндер</translation>
    </message>
    <message>
        <source>Retention minimums</source>
        <translation>Ең аз сақтау мерзімдері</translation>
    </message>
    <message>
        <source>CA kind</source>
        <translation>КО түрі</translation>
    </message>
    <message>
        <source>Records: years after termination</source>
        <translation>Жазбалар: тоқтатылғаннан кейінгі жылдар</translation>
    </message>
    <message>
        <source>event log</source>
        <translation>оқиғалар журналы</translation>
    </message>
    <message>
        <source>Certificate validity (longest, years)</source>
        <translation>Тіркеу куәлігінің жарамдылық мерзімі (ең ұзақ, жыл)</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Нысан</translation>
    </message>
    <message>
        <source>Key in a file</source>
        <translation>Кілт файлда</translation>
    </message>
    <message>
        <source>Key on a token</source>
        <translation>Кілт токенде</translation>
    </message>
    <message>
        <source>Required attachments</source>
        <translation>Міндетті қосымшалар</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Қосымшалар</translation>
    </message>
    <message>
        <source>Refusal reasons</source>
        <translation>Бас тарту негіздері</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Негіз</translation>
    </message>
    <message>
        <source>CA key backup: at least %1 of %2 shares (%3)</source>
        <translation>КО кілтінің резервтік көшірмесі: %2 үлестің кемінде %1 үлесі (%3)</translation>
    </message>
    <message>
        <source>gov.outside_csr_allowed: yes, the Government Bodies CA may issue from an outside request with a recorded reason (%1)</source>
        <translation>gov.outside_csr_allowed: иә, Мемлекеттік органдардың КО сырттан келген сұрау бойынша себебін тіркеп бере алады (%1)</translation>
    </message>
    <message>
        <source>gov.outside_csr_allowed: no, the Government Bodies CA issues only keys generated onto the key media (%1)</source>
        <translation>gov.outside_csr_allowed: жоқ, Мемлекеттік органдардың КО тек кілт тасығышына жасалған кілттерге береді (%1)</translation>
    </message>
    <message>
        <source>The rules file %1, loaded by %2, takes effect on %3; until then this file applies.</source>
        <translation>%2 жүктеген %1 ережелер файлы %3 бастап күшіне енеді; оған дейін осы файл қолданылады.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::TodayCommand</name>
    <message>
        <source>What is due today for your role: overdue applications, revocations, CRLs, expiring certificates, anchors</source>
        <translation>Рөліңіз үшін бүгін не істеу керек: мерзімі өткен өтініштер, кері қайтарып алулар, КТКТ, мерзімі аяқталатын тіркеу куәліктері, анкерлер</translation>
    </message>
    <message>
        <source>certificates expiring within N days (default 30)</source>
        <translation>N күн ішінде мерзімі аяқталатын тіркеу куәліктері (әдепкі 30)</translation>
    </message>
    <message>
        <source>a CRL whose next update is within H hours is due (default 24)</source>
        <translation>келесі жаңартуы H сағат ішінде болатын КТКТ жариялануы керек (әдепкі 24)</translation>
    </message>
    <message>
        <source>the signed anchor folder: count the finished days not published there</source>
        <translation>қол қойылған анкерлер қалтасы: онда жарияланбаған аяқталған күндерді санау</translation>
    </message>
    <message>
        <source>Today, %1 — %2 (%3)</source>
        <translation>Бүгін, %1 — %2 (%3)</translation>
    </message>
    <message>
        <source>Nothing is due.</source>
        <translation>Орындалатын ештеңе жоқ.</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Не істеу керек</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Саны</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Толығырақ</translation>
    </message>
</context>
<context>
    <name>tirkeu::forms::Identifiers</name>
    <message>
        <source>The BIN is empty.</source>
        <translation>БСН толтырылмаған.</translation>
    </message>
    <message>
        <source>The IIN is empty.</source>
        <translation>ЖСН толтырылмаған.</translation>
    </message>
    <message>
        <source>A BIN must have exactly 12 digits.</source>
        <translation>БСН дәл 12 цифрдан тұруы тиіс.</translation>
    </message>
    <message>
        <source>An IIN must have exactly 12 digits.</source>
        <translation>ЖСН дәл 12 цифрдан тұруы тиіс.</translation>
    </message>
    <message>
        <source>A BIN may contain only the digits 0-9.</source>
        <translation>БСН тек 0-9 цифрларынан тұруы мүмкін.</translation>
    </message>
    <message>
        <source>An IIN may contain only the digits 0-9.</source>
        <translation>ЖСН тек 0-9 цифрларынан тұруы мүмкін.</translation>
    </message>
    <message>
        <source>The registration month in the BIN (digits 3-4) must be from 01 to 12.</source>
        <translation>БСН-дегі тіркелу айы (3-4 цифрлар) 01-ден 12-ге дейін болуы тиіс.</translation>
    </message>
    <message>
        <source>The birth month in the IIN (digits 3-4) must be from 01 to 12.</source>
        <translation>ЖСН-дегі туған айы (3-4 цифрлар) 01-ден 12-ге дейін болуы тиіс.</translation>
    </message>
    <message>
        <source>The birth day in the IIN (digits 5-6) must be from 01 to 31.</source>
        <translation>ЖСН-дегі туған күні (5-6 цифрлар) 01-ден 31-ге дейін болуы тиіс.</translation>
    </message>
    <message>
        <source>The type digit of the BIN (5th digit) must be 4, 5 or 6.</source>
        <translation>БСН-нің түр цифры (5-цифр) 4, 5 немесе 6 болуы тиіс.</translation>
    </message>
    <message>
        <source>The unit digit of the BIN (6th digit) must be 0, 1, 2 or 3.</source>
        <translation>БСН-нің бөлімше цифры (6-цифр) 0, 1, 2 немесе 3 болуы тиіс.</translation>
    </message>
    <message>
        <source>The check digit of the BIN (last digit) does not match: look for a typing error.</source>
        <translation>БСН-нің бақылау цифры (соңғы цифр) сәйкес келмейді: қате терілмегенін тексеріңіз.</translation>
    </message>
    <message>
        <source>The check digit of the IIN (last digit) does not match: look for a typing error.</source>
        <translation>ЖСН-нің бақылау цифры (соңғы цифр) сәйкес келмейді: қате терілмегенін тексеріңіз.</translation>
    </message>
    <message>
        <source>This number cannot be a BIN: no check digit exists for its first 11 digits.</source>
        <translation>Бұл нөмір БСН бола алмайды: алғашқы 11 цифры үшін бақылау цифры болмайды.</translation>
    </message>
    <message>
        <source>This number cannot be an IIN: no check digit exists for its first 11 digits.</source>
        <translation>Бұл нөмір ЖСН бола алмайды: алғашқы 11 цифры үшін бақылау цифры болмайды.</translation>
    </message>
</context>
<context>
    <name>tirkeu::forms::StrictJson</name>
    <message>
        <source>not JSON: %1 (at character %2).</source>
        <translation>JSON емес: %1 (%2-таңба).</translation>
    </message>
    <message>
        <source>the form data must be one JSON object {&quot;field&quot;: &quot;value&quot;, ...}.</source>
        <translation>форма деректері бір JSON объектісі болуы керек {&quot;field&quot;: &quot;value&quot;, ...}.</translation>
    </message>
    <message>
        <source>the field &quot;%1&quot; is given twice; give each field once, with the value meant.</source>
        <translation>«%1» өрісі екі рет берілген; әр өрісті бір рет, қажетті мәнімен беріңіз.</translation>
    </message>
</context>
<context>
    <name>tirkeu::forms::Validator</name>
    <message>
        <source>&quot;%1&quot; must be a list of choices.</source>
        <translation>«%1» өрісі таңдаулар тізімі болуы тиіс.</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: &quot;%2&quot; is not one of the allowed choices.</source>
        <translation>«%1»: «%2» рұқсат етілген мәндердің қатарында жоқ.</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: &quot;%2&quot; is chosen more than once.</source>
        <translation>«%1»: «%2» бірнеше рет таңдалған.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a whole number.</source>
        <translation>«%1» өрісі бүтін сан болуы тиіс.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a single line.</source>
        <translation>«%1» өрісі бір жолдан тұруы тиіс.</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: %2</source>
        <translation>«%1»: %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a Kazakhstan phone number: +7 or 8 followed by 10 digits.</source>
        <translation>«%1» өрісі Қазақстанның телефон нөмірі болуы тиіс: +7 немесе 8, одан кейін 10 цифр.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a date written as YYYY-MM-DD.</source>
        <translation>«%1» өрісі YYYY-MM-DD түрінде жазылған күн болуы тиіс.</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: %2 is not an existing date.</source>
        <translation>«%1»: %2 — мұндай күн жоқ.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a hexadecimal serial number of 1 to 40 digits.</source>
        <translation>«%1» өрісі 1-ден 40-қа дейін цифрдан тұратын он алтылық сериялық нөмір болуы тиіс.</translation>
    </message>
    <message>
        <source>Person %1: %2</source>
        <translation>%1-тұлға: %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: 3 years is allowed only when the key is on a token (see &quot;%2&quot;).</source>
        <translation>«%1»: 3 жыл тек кілт токенде сақталған жағдайда рұқсат етіледі («%2» қараңыз).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is required when &quot;%2&quot; includes another area.</source>
        <translation>«%2» өрісінде басқа сала көрсетілсе, «%1» өрісін толтыру міндетті.</translation>
    </message>
    <message>
        <source>Unknown field &quot;%1&quot;.</source>
        <translation>Белгісіз өріс: «%1».</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is required.</source>
        <translation>«%1» өрісін толтыру міндетті.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be text.</source>
        <translation>«%1» өрісі мәтін болуы тиіс.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is too long: %2 characters, at most %3 allowed.</source>
        <translation>«%1» тым ұзын: %2 таңба, ең көбі %3 таңбаға рұқсат етіледі.</translation>
    </message>
    <message>
        <source>The letter must list at least one person.</source>
        <translation>Хатта кемінде бір тұлға көрсетілуі тиіс.</translation>
    </message>
    <message>
        <source>the row is not a set of fields.</source>
        <translation>жол өрістер жиынтығы емес.</translation>
    </message>
    <message>
        <source>The required attachment &quot;%1&quot; is missing.</source>
        <translation>Міндетті «%1» қосымшасы жоқ.</translation>
    </message>
    <message>
        <source>Unknown attachment &quot;%1&quot;.</source>
        <translation>Белгісіз қосымша: «%1».</translation>
    </message>
    <message>
        <source>The applicant&apos;s consent to the processing of personal data is not recorded.</source>
        <translation>Өтініш берушінің дербес деректерді өңдеуге келісімі тіркелмеген.</translation>
    </message>
    <message>
        <source>a control character</source>
        <translation>басқару таңбасы</translation>
    </message>
    <message>
        <source>a bidirectional control character</source>
        <translation>мәтін бағытын басқару таңбасы</translation>
    </message>
    <message>
        <source>a zero-width character</source>
        <translation>нөлдік ені бар таңба</translation>
    </message>
    <message>
        <source>an unpaired surrogate</source>
        <translation>жұпсыз суррогат</translation>
    </message>
    <message>
        <source>a private-use character</source>
        <translation>жеке пайдалануға арналған таңба</translation>
    </message>
    <message>
        <source>a non-character</source>
        <translation>Юникодтағы таңба емес код</translation>
    </message>
    <message>
        <source>an invisible formatting character</source>
        <translation>көрінбейтін пішімдеу таңбасы</translation>
    </message>
    <message>
        <source>&quot;%1&quot; contains %2 (U+%3) at position %4; remove it and type the text again.</source>
        <translation>«%1» ішінде %4-позицияда %2 (U+%3) бар; оны алып тастап, мәтінді қайта теріңіз.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; and &quot;%2&quot; together make the certificate&apos;s common name (CN): %3 characters, at most %4 (RFC 5280).</source>
        <translation>«%1» мен «%2» бірге тіркеу куәлігінің жалпы атауын (CN) құрайды: %3 таңба, ең көбі %4 (RFC 5280).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; becomes the certificate&apos;s organisation (O) when no &quot;%2&quot; is given: %3 characters, at most %4 (RFC 5280); give a short name.</source>
        <translation>«%2» көрсетілмесе, «%1» тіркеу куәлігінің ұйымы (O) болады: %3 таңба, ең көбі %4 (RFC 5280); қысқа атауын беріңіз.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; becomes the certificate&apos;s organisation (O): %2 characters, at most %3 (RFC 5280).</source>
        <translation>«%1» тіркеу куәлігінің ұйымы (O) болады: %2 таңба, ең көбі %3 (RFC 5280).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is too long for the certificate&apos;s %2 attribute: %3 characters, at most %4 (RFC 5280).</source>
        <translation>«%1» тіркеу куәлігінің %2 атрибуты үшін тым ұзын: %3 таңба, ең көбі %4 (RFC 5280).</translation>
    </message>
    <message>
        <source>an invisible character</source>
        <translation>көрінбейтін таңба</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: the word &quot;%2&quot; mixes two alphabets (%3 at position %4 is not a letter of the alphabet of the word&apos;s first letter); type the word again in one alphabet.</source>
        <translation>«%1»: «%2» сөзінде екі әліпби араласқан (%4-позициядағы %3 сөздің бірінші әрпінің әліпбиінен емес); сөзді бір әліпбимен қайта теріңіз.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; contains the digit %2 at position %3: a name is written in letters.</source>
        <translation>«%1» ішінде %3-позицияда %2 цифры бар: аты-жөні әріптермен жазылады.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; carries more than two accents on one letter at position %2; type the name again.</source>
        <translation>«%1» ішінде %2-позициядағы бір әріпте екіден көп диакритикалық белгі бар; аты-жөнін қайта теріңіз.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; contains no letter.</source>
        <translation>«%1» ішінде бірде-бір әріп жоқ.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid e-mail address (the part before @ in Latin letters, digits and .!#$%&amp;&apos;*+-/=?^_`{|}~; a domain such as example.kz).</source>
        <translation>&quot;%1&quot; — жарамды электрондық пошта мекенжайы емес (@ белгісіне дейінгі бөлік латын әріптерімен, цифрлармен және .!#$%&amp;&apos;*+-/=?^_`{|}~ таңбаларымен; домен example.kz сияқты).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is %2, but the letter is of %3: a government body&apos;s letter lists its own employees. Give the body&apos;s name (or the short name the letter gives it), or a unit of it after the body&apos;s name (&quot;%3, …&quot;).</source>
        <translation>«%1» — %2, ал хат %3 атынан: мемлекеттік органның хатында оның өз қызметкерлері көрсетіледі. Органның атауын (немесе хатта берілген қысқартылған атауын) не органның атауынан кейін оның бөлімшесін («%3, …») көрсетіңіз.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; contains &quot;%2&quot; (U+%3) at position %4: a name is written in letters, with spaces, hyphens (-), apostrophes (&apos; or ’) and dots (of initials) only.</source>
        <translation>«%1» өрісінде %4-орында «%2» (U+%3) бар: аты-жөні тек әріптермен, бос орын, дефис (-), апостроф (&apos; немесе ’) және (инициалдардың) нүктесімен жазылады.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; and &quot;%2&quot; together make the certificate&apos;s common name (CN), written in capitals: %3 characters (some letters become two in capitals, &quot;ß&quot; becomes &quot;SS&quot;), at most %4 (RFC 5280).</source>
        <translation>«%1» мен «%2» бірге куәліктің жалпы атауын (CN) бас әріптермен құрайды: %3 таңба (кейбір әріптер бас әріппен екеу болады, «ß» — «SS»), ең көбі %4 (RFC 5280).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is too long for the certificate: %2 characters written in capitals, at most %3.</source>
        <translation>«%1» куәлік үшін тым ұзын: бас әріптермен %2 таңба, ең көбі %3.</translation>
    </message>
    <message>
        <source>a replacement character (text garbled by a wrong encoding)</source>
        <translation>алмастыру таңбасы (қате кодтаумен бүлінген мәтін)</translation>
    </message>
</context>
<context>
    <name>tirkeu::forms::pdf::FormImport</name>
    <message>
        <source>The file is not a PDF document.</source>
        <translation>Файл PDF құжаты емес.</translation>
    </message>
    <message>
        <source>The PDF document is incomplete or damaged (its end is missing).</source>
        <translation>PDF құжаты толық емес немесе зақымдалған (соңы жоқ).</translation>
    </message>
    <message>
        <source>The PDF document is damaged and cannot be read.</source>
        <translation>PDF құжаты зақымдалған, оны оқу мүмкін емес.</translation>
    </message>
    <message>
        <source>The PDF document is password-protected; save it without a password.</source>
        <translation>PDF құжаты құпиясөзбен қорғалған; оны құпиясөзсіз сақтаңыз.</translation>
    </message>
    <message>
        <source>The PDF document has no pages.</source>
        <translation>PDF құжатында беттер жоқ.</translation>
    </message>
    <message>
        <source>Page %1 of the PDF document is damaged.</source>
        <translation>PDF құжатының %1-беті зақымдалған.</translation>
    </message>
    <message>
        <source>The PDF is not a Tirkeu form template (it has no form code); fill in the template printed by tirkeu-cli form template.</source>
        <translation>PDF Tirkeu нысанының үлгісі емес (онда нысан коды жоқ); tirkeu-cli form template шығарған үлгіні толтырыңыз.</translation>
    </message>
    <message>
        <source>The PDF names the unknown form %1.</source>
        <translation>PDF-те белгісіз %1 нысаны көрсетілген.</translation>
    </message>
    <message>
        <source>The PDF is the form %1, not %2: use the template of %2.</source>
        <translation>PDF %2 нысаны емес, %1 нысаны: %2 нысанының үлгісін пайдаланыңыз.</translation>
    </message>
    <message>
        <source>The form %1 in the PDF is empty: no field is filled in.</source>
        <translation>PDF-тегі %1 нысаны бос: бірде-бір өріс толтырылмаған.</translation>
    </message>
    <message>
        <source>The form in the PDF has invalid values:
%1</source>
        <translation>PDF-тегі нысанда жарамсыз мәндер бар:
%1</translation>
    </message>
    <message>
        <source>The PDF&apos;s form code was erased; fill in a new template printed by tirkeu-cli form template.</source>
        <translation>PDF ішіндегі нысан коды өшірілген; tirkeu-cli form template командасымен басылған жаңа үлгіні толтырыңыз.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a date written as ДД.ММ.ГГГГ (КК.АА.ЖЖЖЖ), e.g. 02.03.2026: %2</source>
        <translation>«%1» КК.АА.ЖЖЖЖ (ДД.ММ.ГГГГ) түріндегі күн болуы тиіс, мысалы 02.03.2026: %2</translation>
    </message>
    <message>
        <source>The PDF document has two fields named %1 with different values: it is not a template as Tirkeu made it. Fill in a new template.</source>
        <translation>PDF құжатында %1 атты, мәндері әртүрлі екі өріс бар: бұл Tirkeu жасаған күйіндегі үлгі емес. Жаңа үлгіні толтырыңыз.</translation>
    </message>
    <message>
        <source>Poppler: %1 more messages about this PDF document were not shown.</source>
        <translation>Poppler: осы PDF құжаты туралы тағы %1 хабар көрсетілмеді.</translation>
    </message>
    <message>
        <source>Cannot read the PDF document: %1</source>
        <translation>PDF құжаты оқылмайды: %1</translation>
    </message>
    <message>
        <source>Reading the PDF document was cancelled.</source>
        <translation>PDF құжатын оқу тоқтатылды.</translation>
    </message>
    <message>
        <source>The PDF document needs more time or memory than a form ever does (at most %1 s and %2 MiB): it is not a template as Tirkeu made it, and it is not read.</source>
        <translation>PDF құжатына нысанға ешқашан керек болмайтыннан көп уақыт немесе жад қажет (ең көбі %1 с және %2 МиБ): бұл Tirkeu жасаған күйіндегі үлгі емес, ол оқылмайды.</translation>
    </message>
    <message>
        <source>The PDF document has %1 pages, more than a Tirkeu form template ever has (at most %2): it is not read.</source>
        <translation>PDF құжатында %1 бет бар — Tirkeu нысанының үлгісінде ешқашан мұнша болмайды (ең көбі %2): ол оқылмайды.</translation>
    </message>
    <message>
        <source>The PDF document has more than %1 form fields, more than a Tirkeu form template ever has: it is not read.</source>
        <translation>PDF құжатында %1-ден көп нысан өрісі бар — Tirkeu нысанының үлгісінде ешқашан мұнша болмайды: ол оқылмайды.</translation>
    </message>
    <message>
        <source>The PDF lists a person in row %1; a letter template has at most %2 rows: it is not a template as Tirkeu made it. List the persons in letters of at most %2 persons.</source>
        <translation>PDF %1-жолда тұлғаны көрсетеді; хат үлгісінде ең көбі %2 жол болады: бұл Tirkeu жасаған күйіндегі үлгі емес. Тұлғаларды әрқайсысында ең көбі %2 тұлға бар хаттарда көрсетіңіз.</translation>
    </message>
    <message>
        <source>The PDF fills in person row %1, but row %2 has no field &quot;%3&quot;: it is not a template as Tirkeu made it, and rows after %2 would not be read. Fill in a new template.</source>
        <translation>PDF-те тұлғаның %1-жолы толтырылған, бірақ %2-жолда «%3» өрісі жоқ: бұл Tirkeu жасаған күйіндегі үлгі емес, %2-жолдан кейінгі жолдар оқылмас еді. Жаңа үлгіні толтырыңыз.</translation>
    </message>
</context>
<context>
    <name>tirkeu::forms::pdf::FormPrint</name>
    <message>
        <source>Application %1 names the unknown form %2.</source>
        <translation>№%1 өтініште белгісіз %2 нысаны көрсетілген.</translation>
    </message>
</context>
<context>
    <name>tirkeu::forms::pdf::FormTemplate</name>
    <message>
        <source>The generated PDF has an unexpected structure; the template was not made.</source>
        <translation>Жасалған PDF құрылымы күтілгендей емес; үлгі жасалмады.</translation>
    </message>
    <message>
        <source>A form field lies outside the document&apos;s pages.</source>
        <translation>Нысан өрісі құжат беттерінен тыс орналасқан.</translation>
    </message>
    <message>
        <source>A template holds 1 to 20 personal attachments: %1</source>
        <translation>Үлгіде 1-ден 20-ға дейін жеке қосымша болады: %1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 файлына жазу мүмкін емес: %2</translation>
    </message>
    <message>
        <source>The font DejaVu Sans was not found in %1 (install the package fonts-dejavu-core): the form fields need it.</source>
        <translation>DejaVu Sans қарпі %1 ішінде табылмады (fonts-dejavu-core пакетін орнатыңыз): ол нысан өрістеріне қажет.</translation>
    </message>
    <message>
        <source>The font file %1 cannot be read.</source>
        <translation>%1 қаріп файлын оқу мүмкін емес.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::AboutDialog</name>
    <message>
        <source>&lt;h2&gt;Tirkeu %1&lt;/h2&gt;&lt;p&gt;The back office of a certification authority: applications, issuance, revocation, CRLs, registers and journals.&lt;/p&gt;&lt;p&gt;Licence: proprietary; © the Tirkeu authors.&lt;/p&gt;&lt;p&gt;Qt %2 (built with %3)&lt;br&gt;%4&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Tirkeu %1&lt;/h2&gt;&lt;p&gt;Куәландырушы орталықтың бэк-офисі: өтініштер, беру, кері қайтарып алу, КТКТ, тіркелімдер мен журналдар.&lt;/p&gt;&lt;p&gt;Лицензия: меншікті; © Tirkeu авторлары.&lt;/p&gt;&lt;p&gt;Qt %2 (%3 нұсқасымен құрастырылған)&lt;br&gt;%4&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About Tirkeu</source>
        <translation>Tirkeu туралы</translation>
    </message>
    <message>
        <source>Getting started</source>
        <translation>Жұмысты бастау</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Getting started&lt;/h2&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;Set up a CA.&lt;/b&gt; An administrator opens Settings → CAs, adds the CA and creates its key and certificate (a root, or a request to the parent CA).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Add operators.&lt;/b&gt; The administrator adds an account for each operator, CA officer and auditor in Settings → Operators.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Enter an application.&lt;/b&gt; An operator chooses New application, fills in the form and saves it; it appears in the Applications tab.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Approve.&lt;/b&gt; A CA officer selects the application and approves it (four eyes: the one who entered it cannot approve it).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Issue.&lt;/b&gt; A CA officer selects the approved application and chooses Issue certificate; print or save the paper certificate for the applicant&apos;s signature.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Revoke.&lt;/b&gt; Find the certificate in the Register or Search tab and choose Revoke, with the reason from the applicant&apos;s letter.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Publish the CRL.&lt;/b&gt; Certificates → Publish CRL signs a new list and writes it where the CA&apos;s settings say.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;To work as someone else, choose Register → Sign out: the sign-in window opens again.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Жұмысты бастау&lt;/h2&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;КО баптау.&lt;/b&gt; Әкімші Баптаулар → КО-лар бөлімін ашып, КО қосады және оның кілті мен куәлігін жасайды (түбірлік немесе аталық КО-ға сұрау).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Операторларды қосу.&lt;/b&gt; Әкімші Баптаулар → Операторлар бөлімінде әр операторға, КО қызметкеріне және аудиторға тіркелгі қосады.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Өтінішті енгізу.&lt;/b&gt; Оператор Жаңа өтініш пәрменін таңдап, нысанды толтырып, сақтайды; ол Өтініштер қойындысында пайда болады.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Мақұлдау.&lt;/b&gt; КО қызметкері өтінішті таңдап, мақұлдайды (төрт көз қағидаты: енгізген адам оны мақұлдай алмайды).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Беру.&lt;/b&gt; КО қызметкері мақұлданған өтінішті таңдап, Тіркеу куәлігін беру пәрменін таңдайды; өтініш берушінің қолы үшін қағаз куәлікті басып шығарады немесе сақтайды.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Кері қайтарып алу.&lt;/b&gt; Куәлікті Тіркелім немесе Іздеу қойындысынан тауып, өтініш берушінің хатындағы себеппен Кері қайтарып алу пәрменін таңдаңыз.&lt;/li&gt;&lt;li&gt;&lt;b&gt;КТКТ жариялау.&lt;/b&gt; Тіркеу куәліктері → КТКТ жариялау жаңа тізімге қол қойып, оны КО баптауларында көрсетілген жерге жазады.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;Басқа адам ретінде жұмыс істеу үшін Тіркелім → Шығу пәрменін таңдаңыз: кіру терезесі қайта ашылады.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::ApplicationDetailsDialog</name>
    <message>
        <source>Application %1</source>
        <translation>№%1 өтініш</translation>
    </message>
    <message>
        <source>Number:</source>
        <translation>Нөмірі:</translation>
    </message>
    <message>
        <source>Form:</source>
        <translation>Нысан:</translation>
    </message>
    <message>
        <source>CA:</source>
        <translation>КО:</translation>
    </message>
    <message>
        <source>Applicant:</source>
        <translation>Өтініш беруші:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Мәртебесі:</translation>
    </message>
    <message>
        <source>Received:</source>
        <translation>Түскен уақыты:</translation>
    </message>
    <message>
        <source>%1, registered by %2</source>
        <translation>%1, тіркеген: %2</translation>
    </message>
    <message>
        <source>none (no legal deadline)</source>
        <translation>жоқ (заңда мерзім белгіленбеген)</translation>
    </message>
    <message>
        <source>— overdue</source>
        <translation>— мерзімі өткен</translation>
    </message>
    <message>
        <source>— due today</source>
        <translation>— мерзімі бүгін</translation>
    </message>
    <message>
        <source>Deadline:</source>
        <translation>Мерзімі:</translation>
    </message>
    <message>
        <source>Decided:</source>
        <translation>Шешім қабылданды:</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1, оператор: %2</translation>
    </message>
    <message>
        <source>Reason for rejection:</source>
        <translation>Қабылдамау себебі:</translation>
    </message>
    <message>
        <source>Attachments:</source>
        <translation>Қосымшалар:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>жоқ</translation>
    </message>
    <message>
        <source>Consent:</source>
        <translation>Келісім:</translation>
    </message>
    <message>
        <source>recorded %1</source>
        <translation>%1 тіркелген</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>тіркелмеген</translation>
    </message>
    <message>
        <source>Data of the form</source>
        <translation>Нысан деректері</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Өріс</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Мәні</translation>
    </message>
    <message>
        <source>Person %1</source>
        <translation>%1-тұлға</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Тарихы</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Мәртебе</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Уақыты</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ескертпе</translation>
    </message>
    <message>
        <source>Save the application form</source>
        <translation>Өтініш нысанын сақтау</translation>
    </message>
    <message>
        <source>application-%1.pdf</source>
        <translation>өтініш-%1.pdf</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF құжаттары (*.pdf)</translation>
    </message>
    <message>
        <source>The filled-in form is saved to %1, ready for the applicant&apos;s signature.</source>
        <translation>Толтырылған нысан %1 файлына сақталды, өтініш берушінің қол қоюына дайын.</translation>
    </message>
    <message>
        <source>The official form filled in from this application, as PDF for the applicant&apos;s signature.</source>
        <translation>Осы өтініш бойынша толтырылған ресми нысан, өтініш берушінің қол қоюы үшін PDF түрінде.</translation>
    </message>
    <message>
        <source>Holder identified:</source>
        <translation>Иеленушіні сәйкестендіру:</translation>
    </message>
    <message>
        <source>Documents missing:</source>
        <translation>Жоқ құжаттар:</translation>
    </message>
    <message>
        <source>&amp;Open the saved PDF</source>
        <translation>Сақталған PDF-ті &amp;ашу</translation>
    </message>
    <message>
        <source>Cannot make a temporary file for the preview: %1</source>
        <translation>Алдын ала қарауға уақытша файл жасау мүмкін емес: %1</translation>
    </message>
    <message>
        <source>Pre&amp;view / Print…</source>
        <translation>Алдын ала &amp;қарау / Басып шығару…</translation>
    </message>
    <message>
        <source>The filled-in official form in a print preview; print it from there.</source>
        <translation>Толтырылған ресми нысан алдын ала қарау терезесінде; сол жерден басып шығарыңыз.</translation>
    </message>
    <message>
        <source>&amp;Save form as PDF…</source>
        <translation>Нысанды PDF ретінде &amp;сақтау…</translation>
    </message>
    <message numerus="yes">
        <source>person %1 (%2) left on %3, reported %n day(s) later</source>
        <translation>
            <numerusform>%1-тұлға (%2) %3 кетті, %n күннен кейін хабарланды</numerusform>
            <numerusform>%1-тұлға (%2) %3 кетті, %n күннен кейін хабарланды</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>late, the limit is %n day(s)</source>
        <translation>
            <numerusform>кешіктірілген, шегі %n күн</numerusform>
            <numerusform>кешіктірілген, шегі %n күн</numerusform>
        </translation>
    </message>
    <message>
        <source>Left the job:</source>
        <translation>Жұмыстан кеткені:</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::ApplicationQueueModel</name>
    <message>
        <source>This form has no legal deadline.</source>
        <translation>Бұл нысан үшін заңда мерзім белгіленбеген.</translation>
    </message>
    <message>
        <source>Overdue: the deadline was %1.</source>
        <translation>Мерзімі өтіп кетті: соңғы мерзім — %1.</translation>
    </message>
    <message>
        <source>Due today.</source>
        <translation>Мерзімі бүгін аяқталады.</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Себебі: %1</translation>
    </message>
    <message>
        <source>No.</source>
        <comment>application number</comment>
        <translation>№</translation>
    </message>
    <message>
        <source>CA</source>
        <comment>certification authority</comment>
        <translation>КО</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Нысан</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Мәртебе</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Түскен күні</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Мерзімі</translation>
    </message>
    <message>
        <source>IIN/BIN</source>
        <translation>ЖСН/БСН</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Өтініш беруші</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::ApplicationQueuePage</name>
    <message>
        <source>&amp;CA:</source>
        <translation>&amp;КО:</translation>
    </message>
    <message>
        <source>All CAs</source>
        <translation>Барлық КО</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Мәртебе:</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Кез келген мәртебе</translation>
    </message>
    <message>
        <source>&amp;Open only</source>
        <translation>&amp;Тек ашықтары</translation>
    </message>
    <message>
        <source>Show only applications still being worked on (registered or approved).</source>
        <translation>Тек әлі қаралып жатқан өтініштерді көрсету (тіркелген немесе мақұлданған).</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>Мақұл&amp;дау</translation>
    </message>
    <message>
        <source>&amp;Reject…</source>
        <translation>&amp;Қабылдамау…</translation>
    </message>
    <message>
        <source>&amp;Previous</source>
        <translation>&amp;Алдыңғы</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>Ке&amp;лесі</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>мерзімі өткен</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>мерзімі бүгін</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>Өтініштер</translation>
    </message>
    <message>
        <source>No applications match the filter.</source>
        <translation>Сүзгіге сәйкес өтініштер жоқ.</translation>
    </message>
    <message>
        <source>Your role (%1) may not %2.</source>
        <translation>Сіздің рөліңізге (%1) рұқсат жоқ: %2.</translation>
    </message>
    <message>
        <source>Select an application in the list first.</source>
        <translation>Алдымен тізімнен өтінішті таңдаңыз.</translation>
    </message>
    <message>
        <source>Approve the selected application.</source>
        <translation>Таңдалған өтінішті мақұлдау.</translation>
    </message>
    <message>
        <source>Reject the selected application, with a reason.</source>
        <translation>Таңдалған өтінішті себебін көрсетіп қабылдамау.</translation>
    </message>
    <message>
        <source>Approve application %1</source>
        <translation>№%1 өтінішті мақұлдау</translation>
    </message>
    <message>
        <source>Approve application %1 (%2, %3)?</source>
        <translation>№%1 өтінішті (%2, %3) мақұлдайсыз ба?</translation>
    </message>
    <message>
        <source>Application %1 approved.</source>
        <translation>№%1 өтініш мақұлданды.</translation>
    </message>
    <message>
        <source>Reject application %1</source>
        <translation>№%1 өтінішті қабылдамау</translation>
    </message>
    <message>
        <source>Application %1 rejected.</source>
        <translation>№%1 өтініш қабылданбады.</translation>
    </message>
    <message>
        <source>&amp;Form:</source>
        <translation>&amp;Нысан:</translation>
    </message>
    <message>
        <source>All forms</source>
        <translation>Барлық нысандар</translation>
    </message>
    <message>
        <source>Ground for refusing application %1 (%2, %3):</source>
        <translation>№%1 өтінішті (%2, %3) қабылдамау негізі:</translation>
    </message>
    <message>
        <source>Note (optional):</source>
        <translation>Ескертпе (міндетті емес):</translation>
    </message>
    <message>
        <source>Searc&amp;h:</source>
        <translation>І&amp;здеу:</translation>
    </message>
    <message>
        <source>number, IIN/BIN or name</source>
        <translation>нөмір, ЖСН/БСН немесе аты</translation>
    </message>
    <message>
        <source>An application number, the start of an IIN or BIN, or a part of the applicant&apos;s name; Enter searches at once.</source>
        <translation>Өтініш нөмірі, ЖСН немесе БСН басы, не өтініш берушінің атының бір бөлігі; Enter бірден іздейді.</translation>
    </message>
    <message>
        <source>Show the whole queue</source>
        <translation>Бүкіл кезекті көрсету</translation>
    </message>
    <message>
        <source>Shown: %1</source>
        <translation>Көрсетілген: %1</translation>
    </message>
    <message>
        <source>No applications yet: register one with New application (Ctrl+N).</source>
        <translation>Әзірге өтініштер жоқ: Жаңа өтініш (Ctrl+N) арқылы тіркеңіз.</translation>
    </message>
    <message>
        <source>Page %1 of %2 · rows %3–%4 of %5</source>
        <translation>%2 беттің %1-беті · %5 жолдың %3–%4</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::AuditLogPage</name>
    <message>
        <source>No events.</source>
        <translation>Оқиғалар жоқ.</translation>
    </message>
    <message>
        <source>%1 of %2 events on this page (newest first; seq. %3 and newer)</source>
        <translation>Осы беттегі %2 оқиғаның %1 (жаңалары бірінші; %3 нөмірінен бастап)</translation>
    </message>
    <message>
        <source>Verifying the event log…</source>
        <translation>Оқиғалар журналы тексерілуде…</translation>
    </message>
    <message>
        <source>Verifying the event log: the chain, the rows and the anchors…</source>
        <translation>Оқиғалар журналы тексерілуде: тізбек, жолдар және анкерлер…</translation>
    </message>
    <message>
        <source>Verification could not run: %1</source>
        <translation>Тексеруді орындау мүмкін болмады: %1</translation>
    </message>
    <message>
        <source>The event log is intact: %1 events, %2 anchors and %3 rows checked.</source>
        <translation>Оқиғалар журналы бүтін: %1 оқиға, %2 анкер және %3 жол тексерілді.</translation>
    </message>
    <message>
        <source>The event log is damaged at event %1: %2</source>
        <translation>Оқиғалар журналы %1 оқиғада зақымдалған: %2</translation>
    </message>
    <message>
        <source>The event log is damaged: %1</source>
        <translation>Оқиғалар журналы зақымдалған: %1</translation>
    </message>
    <message>
        <source>S&amp;ubject:</source>
        <translation>&amp;Субъект:</translation>
    </message>
    <message>
        <source>IIN, BIN, serial, application No. or login; Enter reads</source>
        <translation>ЖСН, БСН, сериялық нөмір, өтініш № немесе логин; Enter оқиды</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Түрі:</translation>
    </message>
    <message>
        <source>e.g. certificate.issued</source>
        <translation>мысалы, certificate.issued</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>&amp;Күні:</translation>
    </message>
    <message>
        <source>&amp;Newest</source>
        <translation>&amp;Ең жаңалары</translation>
    </message>
    <message>
        <source>&amp;Older page</source>
        <translation>&amp;Ескірек бет</translation>
    </message>
    <message>
        <source>&amp;Verify the log</source>
        <translation>Журналды &amp;тексеру</translation>
    </message>
    <message>
        <source>Check the hash chain, the recorded rows and the anchors, as the auditor&apos;s verification does.</source>
        <translation>Аудитордың тексеруі сияқты хэш-тізбекті, тіркелген жолдарды және анкерлерді тексеру.</translation>
    </message>
    <message>
        <source>Your role may not verify the event log.</source>
        <translation>Сіздің рөліңіз оқиғалар журналын тексере алмайды.</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Уақыты</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Түрі</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Субъект</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Мәліметтер</translation>
    </message>
    <message>
        <source>Cancelling the verification…</source>
        <translation>Тексеру тоқтатылуда…</translation>
    </message>
    <message>
        <source>&amp;Cancel verification</source>
        <translation>Тексеруді &amp;тоқтату</translation>
    </message>
    <message>
        <source>Stop the verification; a stopped verification gives no verdict.</source>
        <translation>Тексеруді тоқтату; тоқтатылған тексеру қорытынды бермейді.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::BatchIssueDialog</name>
    <message>
        <source>Manifest of the requests</source>
        <translation>Сұраулар тізімдемесі</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Folder of the requests</source>
        <translation>Сұраулар қалтасы</translation>
    </message>
    <message>
        <source>Folder for the certificates</source>
        <translation>Тіркеу куәліктеріне арналған қалта</translation>
    </message>
    <message>
        <source>Stopping after the group being recorded…</source>
        <translation>Жазылып жатқан топтан кейін тоқтатылуда…</translation>
    </message>
    <message>
        <source>Issue from requests</source>
        <translation>Сұраулар бойынша беру</translation>
    </message>
    <message>
        <source>Issues the certificates of approved applications from their holders&apos; requests at once: every rule of a single issuance applies to each request; the certificates are recorded in groups and each file is written only once its certificate is recorded.</source>
        <translation>Мақұлданған өтініштер бойынша тіркеу куәліктерін иелерінің сұраулары бойынша бірден береді: жеке берудің әрбір ережесі әр сұрауға қолданылады; тіркеу куәліктері топтармен жазылады, әр файл тек оның тіркеу куәлігі жазылғаннан кейін жазылады.</translation>
    </message>
    <message>
        <source>Requests:</source>
        <translation>Сұраулар:</translation>
    </message>
    <message>
        <source>&amp;Folder</source>
        <translation>&amp;Қалта</translation>
    </message>
    <message>
        <source>Requests named &lt;application&gt;.csr (with &lt;application&gt;-auth.csr for the authentication key of a signing-and-authentication application).</source>
        <translation>&lt;өтініш&gt;.csr деп аталған сұраулар (қол қою және аутентификация өтінішінің аутентификация кілті үшін &lt;өтініш&gt;-auth.csr).</translation>
    </message>
    <message>
        <source>&amp;Manifest</source>
        <translation>&amp;Тізімдеме</translation>
    </message>
    <message>
        <source>A CSV file of lines application,person,csr[,auth_csr[,media_serial]], paths relative to it.</source>
        <translation>application,person,csr[,auth_csr[,media_serial]] жолдарынан тұратын CSV файлы, жолдар оған қатысты.</translation>
    </message>
    <message>
        <source>Ma&amp;nifest file:</source>
        <translation>Тізімдеме &amp;файлы:</translation>
    </message>
    <message>
        <source>Fo&amp;lder of requests:</source>
        <translation>Сұраулар қ&amp;алтасы:</translation>
    </message>
    <message>
        <source>the CSV file listing the requests</source>
        <translation>сұраулар тізілген CSV файлы</translation>
    </message>
    <message>
        <source>the folder holding the .csr files</source>
        <translation>.csr файлдары бар қалта</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Шолу…</translation>
    </message>
    <message>
        <source>&amp;Certificates to:</source>
        <translation>Тіркеу &amp;куәліктері:</translation>
    </message>
    <message>
        <source>a folder; no file in it is overwritten</source>
        <translation>қалта; ондағы ешбір файл қайта жазылмайды</translation>
    </message>
    <message>
        <source>B&amp;rowse…</source>
        <translation>Ш&amp;олу…</translation>
    </message>
    <message>
        <source>&amp;Issue</source>
        <translation>&amp;Беру</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Сұрау</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Нәтиже</translation>
    </message>
    <message>
        <source>Certificate or reason</source>
        <translation>Тіркеу куәлігі немесе себеп</translation>
    </message>
    <message>
        <source>Ask for the CA key passphrase, then issue every request.</source>
        <translation>КО кілтінің құпия фразасын сұрап, әр сұрау бойынша беру.</translation>
    </message>
    <message>
        <source>Your role (%1) may not %2.</source>
        <translation>Сіздің рөліңізге (%1) рұқсат жоқ: %2.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Бас тарту</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Жабу</translation>
    </message>
    <message>
        <source>Stop after the group being recorded: what is recorded stays issued.</source>
        <translation>Жазылып жатқан топтан кейін тоқтату: жазылғаны берілген күйінде қалады.</translation>
    </message>
    <message>
        <source>Choose the manifest of the requests.</source>
        <translation>Сұраулар тізімдемесін таңдаңыз.</translation>
    </message>
    <message>
        <source>Choose the folder of the requests.</source>
        <translation>Сұраулар қалтасын таңдаңыз.</translation>
    </message>
    <message numerus="yes">
        <source>Passphrase of the CA key, to sign the certificates of %n request(s):</source>
        <translation>
            <numerusform>%n сұрау бойынша тіркеу куәліктеріне қол қою үшін КО кілтінің құпия фразасы:</numerusform>
            <numerusform>%n сұрау бойынша тіркеу куәліктеріне қол қою үшін КО кілтінің құпия фразасы:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Issuing %n certificate request(s)…</source>
        <translation>
            <numerusform>%n сұрау бойынша тіркеу куәліктері берілуде…</numerusform>
            <numerusform>%n сұрау бойынша тіркеу куәліктері берілуде…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 requests done, %3 issued</source>
        <translation>%2 сұраудың %1 өңделді, %3 берілді</translation>
    </message>
    <message>
        <source>issued</source>
        <translation>берілді</translation>
    </message>
    <message>
        <source>%1 — %2; %3</source>
        <translation>%1 — %2; %3</translation>
    </message>
    <message>
        <source>no file written</source>
        <translation>файл жазылмады</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>бас тартылды</translation>
    </message>
    <message>
        <source>not issued</source>
        <translation>берілмеді</translation>
    </message>
    <message>
        <source>its group could not be recorded: %1</source>
        <translation>оның тобын жазу мүмкін болмады: %1</translation>
    </message>
    <message>
        <source>the batch was stopped before it</source>
        <translation>топтама оған дейін тоқтатылды</translation>
    </message>
    <message>
        <source>the batch stopped before it</source>
        <translation>топтама оған дейін тоқтады</translation>
    </message>
    <message>
        <source>%1 of %2 requests issued (%3 durable groups), %4 refused, %5 not issued.</source>
        <translation>%2 сұраудың %1 берілді (%3 сенімді топ), %4 бас тартылды, %5 берілмеді.</translation>
    </message>
    <message>
        <source>Certificate %1 is issued and recorded, but: %2 Export it from the certificate&apos;s details in the Search tab.</source>
        <translation>%1 тіркеу куәлігі берілді және жазылды, бірақ: %2 Оны «Іздеу» қойындысындағы тіркеу куәлігінің мәліметтерінен экспорттаңыз.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::CaKeySetupDialog</name>
    <message>
        <source>Set up the key of the CA %1</source>
        <translation>%1 КО кілтін баптау</translation>
    </message>
    <message>
        <source>The CA&apos;s signing key and certificate. A root CA signs its own certificate; a subordinate CA&apos;s request goes to its parent CA, whose certificate is then imported (Settings → CAs → Import certificate…). The passphrase is never stored: keep it with the key&apos;s custodians.</source>
        <translation>КО-ның қол қою кілті мен куәлігі. Түбірлік КО өз куәлігіне өзі қол қояды; бағынышты КО сұрауы аталық КО-ға жіберіледі, содан кейін оның куәлігі импортталады (Баптаулар → КО-лар → Куәлікті импорттау…). Құпия фраза ешқашан сақталмайды: оны кілт сақтаушыларында ұстаңыз.</translation>
    </message>
    <message>
        <source>Certificate:</source>
        <translation>Куәлік:</translation>
    </message>
    <message>
        <source>&amp;Self-signed root CA certificate</source>
        <translation>Түбірлік КО-ның &amp;өзі қол қойған куәлігі</translation>
    </message>
    <message>
        <source>S&amp;ubordinate CA: a request to the parent CA</source>
        <translation>&amp;Бағынышты КО: аталық КО-ға сұрау</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>Кілт:</translation>
    </message>
    <message>
        <source>&amp;New key in an encrypted file</source>
        <translation>Шифрланған файлдағы &amp;жаңа кілт</translation>
    </message>
    <message>
        <source>&amp;Existing key: PKCS#11 token (HSM) or key file</source>
        <translation>&amp;Бар кілт: PKCS#11 токені (HSM) немесе кілт файлы</translation>
    </message>
    <message>
        <source>Algorithm:</source>
        <translation>Алгоритм:</translation>
    </message>
    <message>
        <source>Key file:</source>
        <translation>Кілт файлы:</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>Құпия фраза:</translation>
    </message>
    <message>
        <source>Passphrase again:</source>
        <translation>Құпия фраза қайтадан:</translation>
    </message>
    <message>
        <source>Key URI:</source>
        <translation>Кілт URI:</translation>
    </message>
    <message>
        <source>PIN or passphrase:</source>
        <translation>PIN немесе құпия фраза:</translation>
    </message>
    <message>
        <source>Validity, years:</source>
        <translation>Қолданылу мерзімі, жыл:</translation>
    </message>
    <message>
        <source>Organisation (O):</source>
        <translation>Ұйым (O):</translation>
    </message>
    <message>
        <source>Request file:</source>
        <translation>Сұрау файлы:</translation>
    </message>
    <message>
        <source>pkcs11:token=…;object=…  or  file:/path/key.p8</source>
        <translation>pkcs11:token=…;object=…  немесе  file:/path/key.p8</translation>
    </message>
    <message>
        <source>at least 12 characters</source>
        <translation>кемінде 12 таңба</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Таңдау…</translation>
    </message>
    <message>
        <source>&amp;Make key and request</source>
        <translation>Кілт пен сұрауды &amp;жасау</translation>
    </message>
    <message>
        <source>&amp;Make key and certificate</source>
        <translation>Кілт пен куәлікті &amp;жасау</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Жабу</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Бас тарту</translation>
    </message>
    <message>
        <source>New file for the CA key</source>
        <translation>КО кілтіне арналған жаңа файл</translation>
    </message>
    <message>
        <source>Encrypted keys (*.p8 *.key)</source>
        <translation>Шифрланған кілттер (*.p8 *.key)</translation>
    </message>
    <message>
        <source>New file for the request to the parent CA</source>
        <translation>Аталық КО-ға сұрауға арналған жаңа файл</translation>
    </message>
    <message>
        <source>Certificate requests (*.pem *.csr)</source>
        <translation>Куәлікке сұраулар (*.pem *.csr)</translation>
    </message>
    <message>
        <source>The two passphrases differ; type the same passphrase twice.</source>
        <translation>Екі құпия фраза әртүрлі; бірдей құпия фразаны екі рет теріңіз.</translation>
    </message>
    <message>
        <source>Give the URI of the existing key (pkcs11:… or file:…).</source>
        <translation>Бар кілттің URI-ін көрсетіңіз (pkcs11:… немесе file:…).</translation>
    </message>
    <message>
        <source>Making the key and certificate of %1…</source>
        <translation>%1 кілті мен куәлігі жасалуда…</translation>
    </message>
    <message>
        <source>Making the key of %1…</source>
        <translation>%1 кілті жасалуда…</translation>
    </message>
    <message>
        <source>The CA key is created, but: %1</source>
        <translation>КО кілті жасалды, бірақ: %1</translation>
    </message>
    <message>
        <source>The key of the CA %1 is made (%2, SHA-256 %3). Send the request %4 to the parent CA, then import the certificate it issues: Settings → CAs → Import certificate…</source>
        <translation>%1 КО кілті жасалды (%2, SHA-256 %3). %4 сұрауын аталық КО-ға жіберіңіз, содан кейін ол берген куәлікті импорттаңыз: Баптаулар → КО-лар → Куәлікті импорттау…</translation>
    </message>
    <message>
        <source>The CA %1 is set up: key %2 (SHA-256 %3), certificate %4 valid until %5.</source>
        <translation>%1 КО бапталды: кілт %2 (SHA-256 %3), %4 куәлігі %5 дейін жарамды.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::CertificateDetailsDialog</name>
    <message>
        <source>Certificate %1</source>
        <translation>%1 тіркеу куәлігі</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>Субъект:</translation>
    </message>
    <message>
        <source>Serial number:</source>
        <translation>Сериялық нөмірі:</translation>
    </message>
    <message>
        <source>CA:</source>
        <translation>КО:</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>Бейіні:</translation>
    </message>
    <message>
        <source>Validity:</source>
        <translation>Әрекет ету мерзімі:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Мәртебесі:</translation>
    </message>
    <message>
        <source>Revocation:</source>
        <translation>Кері қайтарып алу:</translation>
    </message>
    <message>
        <source>Issued:</source>
        <translation>Берілген:</translation>
    </message>
    <message>
        <source>Application:</source>
        <translation>Өтініш:</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Тіркеу куәлігі</translation>
    </message>
    <message>
        <source>Application history</source>
        <translation>Өтініш тарихы</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Оқиғалар</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Мәртебе</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Уақыты</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ескертпе</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Оқиға</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Толығырақ</translation>
    </message>
    <message>
        <source>&amp;Revoke…</source>
        <translation>&amp;Кері қайтарып алу…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Жабу</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>%1; reason: %2 (%3); basis: %4%5</source>
        <translation>%1; себебі: %2 (%3); негізі: %4%5</translation>
    </message>
    <message>
        <source>not revoked</source>
        <translation>кері қайтарып алынбаған</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1, оператор: %2</translation>
    </message>
    <message>
        <source>No. %1, form %2, received %3, %4</source>
        <translation>№%1, %2 нысаны, түскен уақыты: %3, %4</translation>
    </message>
    <message>
        <source>History of application No. %1.</source>
        <translation>№%1 өтініштің тарихы.</translation>
    </message>
    <message>
        <source>none recorded</source>
        <translation>ештеңе тіркелмеген</translation>
    </message>
    <message>
        <source>The certificate was not issued from an application in this register.</source>
        <translation>Тіркеу куәлігі осы тіркелімдегі өтініш бойынша берілмеген.</translation>
    </message>
    <message>
        <source>The latest %1 events about this certificate.</source>
        <translation>Осы тіркеу куәлігіне қатысты соңғы %1 оқиға.</translation>
    </message>
    <message>
        <source>Events about this certificate, newest first.</source>
        <translation>Осы тіркеу куәлігіне қатысты оқиғалар (ең жаңасы бірінші).</translation>
    </message>
    <message>
        <source>Your role (%1) may not %2.</source>
        <translation>Сіздің рөліңізге (%1) рұқсат жоқ: %2.</translation>
    </message>
    <message>
        <source>Revoke this certificate: reason, basis, and a confirmation of what will happen.</source>
        <translation>Осы тіркеу куәлігін кері қайтарып алу: себебі, негізі және не болатынын растау.</translation>
    </message>
    <message>
        <source>Re-&amp;issue…</source>
        <translation>Қайта &amp;беру…</translation>
    </message>
    <message>
        <source>A new application pre-filled from this certificate&apos;s application, linked to it; when issued, this certificate can be revoked as superseded in the same step.</source>
        <translation>Осы тіркеу куәлігінің өтінішінен алдын ала толтырылған, онымен байланыстырылған жаңа өтініш; ол бойынша тіркеу куәлігі берілгенде, осы тіркеу куәлігін сол қадамда «Ауыстырылды» себебімен кері қайтарып алуға болады.</translation>
    </message>
    <message>
        <source>The paper copy of the certificate for the holder&apos;s signature, saved as PDF.</source>
        <translation>Иеленушінің қол қоюына арналған тіркеу куәлігінің қағаз данасы, PDF түрінде сақталады.</translation>
    </message>
    <message>
        <source>Save the paper certificate</source>
        <translation>Тіркеу куәлігінің қағаз данасын сақтау</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF құжаттары (*.pdf)</translation>
    </message>
    <message>
        <source>The paper certificate is saved to %1.</source>
        <translation>Тіркеу куәлігінің қағаз данасы %1 файлына сақталды.</translation>
    </message>
    <message>
        <source>Re&amp;lease hold…</source>
        <translation>Қолданылуын &amp;қайта бастау…</translation>
    </message>
    <message>
        <source>Lift the hold: the certificate is valid again; the next delta CRL lists it as removeFromCRL.</source>
        <translation>Қолданылуын тоқтата тұруды алып тастау: тіркеу куәлігі қайтадан жарамды болады; келесі дельта-КТКТ оны removeFromCRL ретінде көрсетеді.</translation>
    </message>
    <message>
        <source>Release the hold</source>
        <translation>Қолданылуын қайта бастау</translation>
    </message>
    <message>
        <source>Basis document of the release (e.g. the holder&apos;s application No. and date):</source>
        <translation>Қолданылуын қайта бастауға негіз болатын құжат (мысалы, иеленуші өтінішінің нөмірі мен күні):</translation>
    </message>
    <message>
        <source>Release certificate %1 from hold? It becomes valid again; the next delta CRL lists it as removeFromCRL and the next full CRL omits it.</source>
        <translation>%1 тіркеу куәлігінің қолданылуын қайта бастайсыз ба? Ол қайтадан жарамды болады; келесі дельта-КТКТ оны removeFromCRL ретінде көрсетеді, ал келесі толық КТКТ оны қамтымайды.</translation>
    </message>
    <message>
        <source>Certificate %1 is released from hold and valid again.</source>
        <translation>%1 тіркеу куәлігінің қолданылуы қайта басталды, ол қайтадан жарамды.</translation>
    </message>
    <message>
        <source>Save paper certificate as P&amp;DF…</source>
        <translation>Қағаз тіркеу куәлігін P&amp;DF ретінде сақтау…</translation>
    </message>
    <message>
        <source>Pre&amp;view / Print…</source>
        <translation>Алдын ала &amp;қарау / Басып шығару…</translation>
    </message>
    <message>
        <source>The paper certificate in a print preview; print it from there.</source>
        <translation>Қағаз тіркеу куәлігі алдын ала қарау терезесінде; сол жерден басып шығарыңыз.</translation>
    </message>
    <message>
        <source>Key media received by:</source>
        <translation>Кілт тасығышын алған:</translation>
    </message>
    <message>
        <source>%1, %2 (internal order %3 of %4)</source>
        <translation>%1, %2 (%4 күнгі № %3 ішкі бұйрық)</translation>
    </message>
    <message>
        <source>Issued from a request made outside the CA: %1</source>
        <translation>КО-дан тыс жасалған сұрау бойынша берілген: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::CertificateListPage</name>
    <message>
        <source>&amp;CA:</source>
        <translation>&amp;КО:</translation>
    </message>
    <message>
        <source>All CAs</source>
        <translation>Барлық КО</translation>
    </message>
    <message>
        <source>&amp;Details…</source>
        <translation>&amp;Толығырақ…</translation>
    </message>
    <message>
        <source>Nothing found.</source>
        <translation>Ештеңе табылмады.</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) shown; scroll down for more.</source>
        <translation>
            <numerusform>%n жол көрсетілді; қалғанын көру үшін төмен айналдырыңыз.</numerusform>
            <numerusform>%n жол көрсетілді; қалғанын көру үшін төмен айналдырыңыз.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s).</source>
        <translation>
            <numerusform>%n жол.</numerusform>
            <numerusform>%n жол.</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything the register knows about this certificate.</source>
        <translation>Тіркелімдегі осы тіркеу куәлігі туралы барлық мәлімет.</translation>
    </message>
    <message>
        <source>Select a certificate in the list first.</source>
        <translation>Алдымен тізімнен тіркеу куәлігін таңдаңыз.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::ConnectionDialog</name>
    <message>
        <source>This is not a PostgreSQL address (postgresql://user@host:port/database).</source>
        <translation>Бұл PostgreSQL мекенжайы емес (postgresql://user@host:port/database).</translation>
    </message>
    <message>
        <source>Name the register file.</source>
        <translation>Тіркелім файлын көрсетіңіз.</translation>
    </message>
    <message>
        <source>Name the server and the database.</source>
        <translation>Серверді және дерекқорды көрсетіңіз.</translation>
    </message>
    <message>
        <source>Tirkeu — register</source>
        <translation>Tirkeu — тіркелім</translation>
    </message>
    <message>
        <source>Open the register on this computer (a SQLite file) or the shared register of all registration centres (a PostgreSQL server).</source>
        <translation>Осы компьютердегі тіркелімді (SQLite файлы) немесе барлық тіркеу орталықтарының ортақ тіркелімін (PostgreSQL сервері) ашыңыз.</translation>
    </message>
    <message>
        <source>A file on this computer (SQLite)</source>
        <translation>Осы компьютердегі файл (SQLite)</translation>
    </message>
    <message>
        <source>A shared register (PostgreSQL server)</source>
        <translation>Ортақ тіркелім (PostgreSQL сервері)</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Файл:</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Мекенжай:</translation>
    </message>
    <message>
        <source>postgresql://user@host:5432/database (optional)</source>
        <translation>postgresql://user@host:5432/database (міндетті емес)</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Сервер:</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>П&amp;орт:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Дерекқор:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Пайдаланушы:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Құпиясөз:</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Ашу</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::CrlPublishDialog</name>
    <message>
        <source>CRL folder</source>
        <translation>КТКТ қалтасы</translation>
    </message>
    <message>
        <source>Publish CRL</source>
        <translation>КТКТ жариялау</translation>
    </message>
    <message>
        <source>&amp;CA:</source>
        <translation>&amp;КО:</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Түрі:</translation>
    </message>
    <message>
        <source>&amp;Full CRL</source>
        <translation>&amp;Толық КТКТ</translation>
    </message>
    <message>
        <source>&amp;Delta CRL</source>
        <translation>&amp;Дельта-КТКТ</translation>
    </message>
    <message>
        <source>Only the revocations since the last full CRL; the CA needs a full CRL first.</source>
        <translation>Тек соңғы толық КТКТ-дан кейінгі кері қайтарып алулар; алдымен КО-ның толық КТКТ-сы болуы тиіс.</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>&amp;Қалта:</translation>
    </message>
    <message>
        <source>where the CRL files are written</source>
        <translation>КТКТ файлдары жазылатын орын</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Шолу…</translation>
    </message>
    <message>
        <source>&amp;Publish</source>
        <translation>&amp;Жариялау</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>Жа&amp;бу</translation>
    </message>
    <message>
        <source>Delta CRL No. %1 (base %2)</source>
        <translation>№%1 дельта-КТКТ (базасы №%2)</translation>
    </message>
    <message>
        <source>Full CRL No. %1</source>
        <translation>№%1 толық КТКТ</translation>
    </message>
    <message numerus="yes">
        <source>%1 published: %n entries, next update %2.
SHA-256: %3
%4</source>
        <translation>
            <numerusform>%1 жарияланды: %n жазба, келесі жаңарту: %2.
SHA-256: %3
%4</numerusform>
            <numerusform>%1 жарияланды: %n жазба, келесі жаңарту: %2.
SHA-256: %3
%4</numerusform>
        </translation>
    </message>
    <message>
        <source>Sign the CRL with the CA key and write it into the folder.</source>
        <translation>КТКТ-ға КО кілтімен қол қойып, оны қалтаға жазу.</translation>
    </message>
    <message>
        <source>Your role (%1) may not %2.</source>
        <translation>Сіздің рөліңізге (%1) рұқсат жоқ: %2.</translation>
    </message>
    <message>
        <source>Choose the folder the CRL is written into.</source>
        <translation>КТКТ жазылатын қалтаны таңдаңыз.</translation>
    </message>
    <message>
        <source>Passphrase of the key of the CA %1:</source>
        <translation>%1 КО кілтінің құпия фразасы:</translation>
    </message>
    <message>
        <source>Signing and writing the CRL of %1…</source>
        <translation>%1 КО-ның КТКТ-сы қол қойылып, жазылуда…</translation>
    </message>
    <message numerus="yes">
        <source>Owed: %n key compromise(s) not yet in a published CRL (%1); publish a delta CRL now.</source>
        <translation>
            <numerusform>Қарыз: жарияланған КТКТ-ға әлі енбеген кілт құпиялылығының бұзылуы — %n (%1); дельта-КТКТ-ны қазір жариялаңыз.</numerusform>
            <numerusform>Қарыз: жарияланған КТКТ-ға әлі енбеген кілт құпиялылығының бұзылуы — %n (%1); дельта-КТКТ-ны қазір жариялаңыз.</numerusform>
        </translation>
    </message>
    <message>
        <source>Unfinished: CRL No. %1 was written but not marked published (%2); the next publication into that folder finishes it.</source>
        <translation>Аяқталмаған: №%1 КТКТ жазылды, бірақ жарияланды деп белгіленбеді (%2); осы қалтаға келесі жариялау оны аяқтайды.</translation>
    </message>
    <message>
        <source>Unfinished: CRL No. %1 was reserved but not written (%2); the next publication into that folder abandons it.</source>
        <translation>Аяқталмаған: №%1 КТКТ нөмірі резервке алынды, бірақ КТКТ жазылмады (%2); осы қалтаға келесі жариялау одан бас тартады.</translation>
    </message>
    <message>
        <source>The folder %1 holds none of the CRLs of %2, which has published CRLs up to number %3 elsewhere. Publish here only if this folder really is new to the CA (for example a new web folder); the register records that you confirmed it. Publish into this folder?</source>
        <translation>%1 қалтасында %2 КО-ның бірде-бір КТКТ-сы жоқ, ал ол КТКТ-ларын %3 нөміріне дейін басқа жерде жариялаған. Мұнда бұл қалта КО үшін шынымен жаңа болса ғана жариялаңыз (мысалы, жаңа веб-қалта); тіркелім сіздің растағаныңызды жазады. Осы қалтаға жариялау керек пе?</translation>
    </message>
    <message>
        <source>Cancelling: the CRL being encoded is abandoned; one already recorded is finished…</source>
        <translation>Тоқтатылуда: жасалып жатқан КТКТ-дан бас тартылады, жазылып қойғаны аяқталады…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Бас тарту</translation>
    </message>
    <message numerus="yes">
        <source>Partition %1: CRL No. %2, %n entries, %3</source>
        <translation>
            <numerusform>%1 бөлігі: №%2 КТКТ, %n жазба, %3</numerusform>
            <numerusform>%1 бөлігі: №%2 КТКТ, %n жазба, %3</numerusform>
        </translation>
    </message>
    <message>
        <source>Stop publishing: nothing of the CRL being encoded is published.</source>
        <translation>Жариялауды тоқтату: жасалып жатқан КТКТ-дан ештеңе жарияланбайды.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::DateLineEdit</name>
    <message>
        <source>dd.mm.yyyy or ddmmyyyy</source>
        <translation>кк.аа.жжжж немесе ккаажжжж</translation>
    </message>
    <message>
        <source>Choose the date in a calendar</source>
        <translation>Күнді күнтізбеден таңдау</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::DraftsDialog</name>
    <message>
        <source>%1 (re-issue of %2)</source>
        <translation>%1 (%2 қайта шығару)</translation>
    </message>
    <message>
        <source>(no applicant typed yet)</source>
        <translation>(өтініш беруші әлі терілмеген)</translation>
    </message>
    <message>
        <source>My drafts</source>
        <translation>Менің нобайларым</translation>
    </message>
    <message>
        <source>Delete the selected draft? What was typed in it is lost.</source>
        <translation>Таңдалған нобай жойылсын ба? Онда терілгеннің бәрі жоғалады.</translation>
    </message>
    <message>
        <source>You have no drafts. A new application is kept here as you type it, until it is registered.</source>
        <translation>Сізде нобай жоқ. Жаңа өтініш терілген сәттен бастап тіркелгенге дейін осында сақталады.</translation>
    </message>
    <message numerus="yes">
        <source>Applications you started and did not register. Each is deleted %n day(s) after its last change.</source>
        <translation>
            <numerusform>Сіз бастаған, бірақ тіркемеген өтініштер. Әрқайсысы соңғы өзгерістен %n күн өткен соң жойылады.</numerusform>
            <numerusform>Сіз бастаған, бірақ тіркемеген өтініштер. Әрқайсысы соңғы өзгерістен %n күн өткен соң жойылады.</numerusform>
        </translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Өзгертілді</translation>
    </message>
    <message>
        <source>CA</source>
        <translation>КО</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Өтініш беруші</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Нысан</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Ашу</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Жою…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Жабу</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::EntryActions</name>
    <message>
        <source>&amp;New application…</source>
        <translation>&amp;Жаңа өтініш…</translation>
    </message>
    <message>
        <source>Application &amp;details…</source>
        <translation>Өтініш &amp;мәліметтері…</translation>
    </message>
    <message>
        <source>&amp;Issue certificate…</source>
        <translation>Тіркеу куәлігін &amp;беру…</translation>
    </message>
    <message>
        <source>Your role (%1) may not %2.</source>
        <translation>Сіздің рөліңізге (%1) рұқсат жоқ: %2.</translation>
    </message>
    <message>
        <source>Register a new application from an official form.</source>
        <translation>Ресми нысан бойынша жаңа өтінішті тіркеу.</translation>
    </message>
    <message>
        <source>Show the selected application: data, history and deadline.</source>
        <translation>Таңдалған өтінішті көрсету: деректері, тарихы және мерзімі.</translation>
    </message>
    <message>
        <source>Select an application in the list first.</source>
        <translation>Алдымен тізімнен өтінішті таңдаңыз.</translation>
    </message>
    <message>
        <source>Only an approved application for a certificate can be issued; this one is %1.</source>
        <translation>Тіркеу куәлігі тек мақұлданған өтініш бойынша беріледі; бұл өтініштің мәртебесі: %1.</translation>
    </message>
    <message>
        <source>Issue the certificate of the selected application.</source>
        <translation>Таңдалған өтініш бойынша тіркеу куәлігін беру.</translation>
    </message>
    <message>
        <source>Carry out &amp;revocation…</source>
        <translation>Кері қайтарып &amp;алуды орындау…</translation>
    </message>
    <message>
        <source>Only an approved revocation application can be carried out; this one is %1.</source>
        <translation>Тек мақұлданған кері қайтарып алу өтініші орындалады; бұл өтініш: %1.</translation>
    </message>
    <message>
        <source>Revoke every certificate the selected revocation application names.</source>
        <translation>Таңдалған кері қайтарып алу өтінішінде аталған барлық тіркеу куәліктерін кері қайтарып алу.</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Application %1 will be carried out: these certificates are revoked for good, on the basis of the holder&apos;s application, and the application is done.

%2</source>
        <translation>№%1 өтініш орындалады: мына тіркеу куәліктері ұстаушының өтініші негізінде біржола кері қайтарып алынады, өтініш орындалған болып белгіленеді.

%2</translation>
    </message>
    <message>
        <source>Carry out revocation</source>
        <translation>Кері қайтарып алуды орындау</translation>
    </message>
    <message>
        <source>CA key</source>
        <translation>КО кілті</translation>
    </message>
    <message>
        <source>A compromised key is published at once in a delta CRL: the passphrase of the %1 CA key.</source>
        <translation>Компрометацияланған кілт бірден дельта-КТКТ-да жарияланады: %1 КО кілтінің құпия фразасы.</translation>
    </message>
    <message>
        <source>Application %1 carried out: %2 revoked.</source>
        <translation>№%1 өтініш орындалды: %2 кері қайтарып алынды.</translation>
    </message>
    <message>
        <source>Delta CRL number %1 published.</source>
        <translation>№%1 дельта-КТКТ жарияланды.</translation>
    </message>
    <message>
        <source>A revocation is being carried out.</source>
        <translation>Кері қайтарып алу орындалуда.</translation>
    </message>
    <message>
        <source>Carrying out application %1 and publishing the CRL…</source>
        <translation>%1 өтініші орындалып, КТКТ жариялануда…</translation>
    </message>
    <message>
        <source>Carrying out application %1…</source>
        <translation>%1 өтініші орындалуда…</translation>
    </message>
    <message>
        <source>My &amp;drafts (%1)…</source>
        <translation>Менің &amp;нобайларым (%1)…</translation>
    </message>
    <message>
        <source>Applications you started typing and did not register yet.</source>
        <translation>Сіз тере бастаған, бірақ әлі тіркемеген өтініштер.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::ExpiringPage</name>
    <message>
        <source>Expiring</source>
        <translation>Мерзімі аяқталатындар</translation>
    </message>
    <message>
        <source>Valid certificates that expire within the next</source>
        <translation>Мерзімі мына уақыт ішінде аяқталатын жарамды тіркеу куәліктері:</translation>
    </message>
    <message>
        <source> days</source>
        <translation> күн</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::FieldEditor</name>
    <message>
        <source>— choose —</source>
        <translation>— таңдаңыз —</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Міндетті</translation>
    </message>
    <message>
        <source>12 digits</source>
        <translation>12 цифр</translation>
    </message>
    <message>
        <source>+7 701 234 56 78</source>
        <translation>+7 701 234 56 78</translation>
    </message>
    <message>
        <source>name@example.kz</source>
        <translation>name@example.kz</translation>
    </message>
    <message>
        <source>hexadecimal, e.g. 4F:2A:9C:01</source>
        <translation>он алтылық, мысалы, 4F:2A:9C:01</translation>
    </message>
    <message>
        <source>Foreign national&apos;s IIN.</source>
        <translation>Шетел азаматының ЖСН-і.</translation>
    </message>
    <message>
        <source>From the IIN: born %1, male (compare with the identity document).</source>
        <translation>ЖСН бойынша: туған күні %1, ер адам (жеке басты куәландыратын құжатпен салыстырыңыз).</translation>
    </message>
    <message>
        <source>From the IIN: born %1, female (compare with the identity document).</source>
        <translation>ЖСН бойынша: туған күні %1, әйел адам (жеке басты куәландыратын құжатпен салыстырыңыз).</translation>
    </message>
    <message>
        <source>From the IIN: born %1 (compare with the identity document).</source>
        <translation>ЖСН бойынша: туған күні %1 (жеке басты куәландыратын құжатпен салыстырыңыз).</translation>
    </message>
    <message>
        <source>resident legal entity</source>
        <translation>резидент заңды тұлға</translation>
    </message>
    <message>
        <source>non-resident legal entity</source>
        <translation>бейрезидент заңды тұлға</translation>
    </message>
    <message>
        <source>joint individual entrepreneur</source>
        <translation>бірлескен жеке кәсіпкер</translation>
    </message>
    <message>
        <source>head office</source>
        <translation>бас бөлімше</translation>
    </message>
    <message>
        <source>branch</source>
        <translation>филиал</translation>
    </message>
    <message>
        <source>representative office</source>
        <translation>өкілдік</translation>
    </message>
    <message>
        <source>farm</source>
        <translation>шаруа (фермер) қожалығы</translation>
    </message>
    <message>
        <source>From the BIN: registered %1.%2, %3, %4.</source>
        <translation>БСН бойынша: тіркелген уақыты %1.%2, %3, %4.</translation>
    </message>
    <message>
        <source>%1 of at most %2 characters.</source>
        <translation>%1 таңба (ең көбі %2).</translation>
    </message>
    <message>
        <source>A Kazakh name: did you mean &quot;%1&quot; (Kazakh letter І instead of Latin I)?</source>
        <translation>Қазақша атау: «%1» деп жазбақ болдыңыз ба (латынның I әрпінің орнына қазақтың І әрпі)?</translation>
    </message>
    <message>
        <source>Use &quot;%1&quot;</source>
        <translation>«%1» пайдалану</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: &quot;%2&quot; is not a date. Type it as dd.mm.yyyy or ddmmyyyy, e.g. 15.03.2020.</source>
        <translation>«%1»: «%2» — күн емес. Оны кк.аа.жжжж немесе ккаажжжж түрінде теріңіз, мысалы 15.03.2020.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::FileDialogs</name>
    <message>
        <source>Folder</source>
        <translation>Қалта</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <source>%1 file</source>
        <translation>%1 файлы</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::FirstAdminDialog</name>
    <message>
        <source>Tirkeu — first administrator</source>
        <translation>Tirkeu — бірінші әкімші</translation>
    </message>
    <message>
        <source>This register has no operators yet. Create the first administrator: this account adds the other operators and the certification authorities.</source>
        <translation>Бұл тіркелімде әзірге операторлар жоқ. Бірінші әкімшіні құрыңыз: осы тіркелгі басқа операторлар мен куәландырушы орталықтарды қосады.</translation>
    </message>
    <message>
        <source>Register: %1</source>
        <translation>Тіркелім: %1</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Логин:</translation>
    </message>
    <message>
        <source>Latin lowercase letters, e.g. g.zhumabayeva</source>
        <translation>латынның кіші әріптері, мысалы, g.zhumabayeva</translation>
    </message>
    <message>
        <source>&amp;Full name:</source>
        <translation>&amp;Аты-жөні:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Құпиясөз:</translation>
    </message>
    <message>
        <source>at least %1 characters</source>
        <translation>кемінде %1 таңба</translation>
    </message>
    <message>
        <source>&amp;Repeat password:</source>
        <translation>Құпиясөзді &amp;қайталау:</translation>
    </message>
    <message>
        <source>&amp;Create administrator</source>
        <translation>Әкімшіні &amp;құру</translation>
    </message>
    <message>
        <source>The two passwords differ. Type the same password twice.</source>
        <translation>Екі құпиясөз сәйкес келмейді. Бір құпиясөзді екі рет енгізіңіз.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::FormPage</name>
    <message>
        <source>Person %1: %2</source>
        <translation>%1-тұлға: %2</translation>
    </message>
    <message>
        <source>This IIN is in the register: %1. Fill in the form with the data on record?</source>
        <translation>Бұл ЖСН тіркелімде бар: %1. Нысанды тіркелген деректермен толтырасыз ба?</translation>
    </message>
    <message>
        <source>This BIN is in the register: %1. Fill in the form with the data on record?</source>
        <translation>Бұл БСН тіркелімде бар: %1. Нысанды тіркелген деректермен толтырасыз ба?</translation>
    </message>
    <message>
        <source>Fill in</source>
        <translation>Толтыру</translation>
    </message>
    <message>
        <source>Persons listed in the letter</source>
        <translation>Хатта көрсетілген тұлғалар</translation>
    </message>
    <message>
        <source>Form of appendix %1 to the rules in appendix %2 of order No. 348 of 10 December 2010. Fields marked * are required.</source>
        <translation>2010 жылғы 10 желтоқсандағы № 348 бұйрықтың %2-қосымшасындағы қағидалардың %1-қосымшасына сәйкес нысан. * белгісі қойылған өрістерді толтыру міндетті.</translation>
    </message>
    <message>
        <source>Fields marked * are required.</source>
        <translation>* белгісі қойылған өрістерді толтыру міндетті.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::GuiApp</name>
    <message>
        <source>Tirkeu: the back office of a certification authority.</source>
        <translation>Tirkeu: куәландырушы орталықтың бэк-офисі.</translation>
    </message>
    <message>
        <source>Tirkeu</source>
        <translation>Tirkeu</translation>
    </message>
    <message>
        <source>Tirkeu cannot open the register</source>
        <translation>Tirkeu тіркелімді аша алмады</translation>
    </message>
    <message>
        <source>Tirkeu cannot read the register</source>
        <translation>Tirkeu тіркелімді оқи алмады</translation>
    </message>
    <message>
        <source>The register to open: a SQLite file (created on first start) or postgresql://user@host:port/database. Default: $TIRKEU_DB, else %1.</source>
        <translation>Ашылатын тіркелім: SQLite файлы (бірінші іске қосқанда құрылады) немесе postgresql://user@host:port/database. Әдепкі бойынша: $TIRKEU_DB, әйтпесе %1.</translation>
    </message>
    <message>
        <source>PATH|URL</source>
        <translation>PATH|URL</translation>
    </message>
    <message>
        <source>The register %1 is damaged (%2). Tirkeu opens it for reading only: nothing can be saved. Ask the administrator to restore the last good backup.</source>
        <translation>%1 тіркелімі зақымдалған (%2). Tirkeu оны тек оқу үшін ашады: ештеңе сақталмайды. Әкімшіден соңғы дұрыс сақтық көшірмені қалпына келтіруін сұраңыз.</translation>
    </message>
    <message>
        <source>Tirkeu: damaged register</source>
        <translation>Tirkeu: зақымдалған тіркелім</translation>
    </message>
    <message>
        <source>The register %1 was moved to %2 (db migrate). Tirkeu opens it for reading only: nothing can be saved. Open the register at %2 instead.</source>
        <translation>%1 тіркелімі %2 орнына көшірілді (db migrate). Tirkeu оны тек оқу үшін ашады: ештеңе сақталмайды. Оның орнына %2 тіркелімін ашыңыз.</translation>
    </message>
    <message>
        <source>Tirkeu: moved register</source>
        <translation>Tirkeu: көшірілген тіркелім</translation>
    </message>
    <message>
        <source>The register %1 is the copy of %2 that a db migrate was making when it stopped. Tirkeu opens it for reading only: nothing can be saved. Ask the administrator to run the same db migrate again.</source>
        <translation>%1 тіркелімі — db migrate тоқтаған кезде жасап жатқан %2 көшірмесі. Tirkeu оны тек оқу үшін ашады: ештеңе сақталмайды. Әкімшіден сол db migrate командасын қайта іске қосуды сұраңыз.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::IssuanceDialog</name>
    <message>
        <source>Certificate request of the holder</source>
        <translation>Иеленушінің тіркеу куәлігіне сұрауы</translation>
    </message>
    <message>
        <source>Certificate requests (*.csr *.req *.p10 *.pem *.der);;All files (*)</source>
        <translation>Тіркеу куәлігіне сұраулар (*.csr *.req *.p10 *.pem *.der);;Барлық файлдар (*)</translation>
    </message>
    <message>
        <source>CA key</source>
        <translation>КО кілті</translation>
    </message>
    <message>
        <source>Passphrase of the CA key, to sign the certificate for application %1:</source>
        <translation>№%1 өтініш бойынша тіркеу куәлігіне қол қою үшін КО кілтінің құпия фразасы:</translation>
    </message>
    <message>
        <source>Save the certificate</source>
        <translation>Тіркеу куәлігін сақтау</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt)</source>
        <translation>PEM тіркеу куәліктері (*.pem *.crt)</translation>
    </message>
    <message>
        <source>DER certificates (*.cer *.der)</source>
        <translation>DER тіркеу куәліктері (*.cer *.der)</translation>
    </message>
    <message>
        <source>Not saved to a file yet: the certificate is in the register; use Save to write it.</source>
        <translation>Әзірге файлға сақталмады: тіркеу куәлігі тіркелімде; оны файлға жазу үшін «Тіркеу куәлігін сақтау» батырмасын басыңыз.</translation>
    </message>
    <message>
        <source>The certificate could not be saved to %1: %2</source>
        <translation>Тіркеу куәлігін %1 файлына сақтау мүмкін болмады: %2</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>%1 файлына сақталды.</translation>
    </message>
    <message>
        <source>Your role (%1) may not %2.</source>
        <translation>Сіздің рөліңізге (%1) рұқсат жоқ: %2.</translation>
    </message>
    <message>
        <source>The certificate of this application is issued.</source>
        <translation>Осы өтініш бойынша тіркеу куәлігі берілді.</translation>
    </message>
    <message>
        <source>Choose the holder&apos;s certificate request first.</source>
        <translation>Алдымен иеленушінің тіркеу куәлігіне сұрауын таңдаңыз.</translation>
    </message>
    <message>
        <source>Sign the certificate with the CA key.</source>
        <translation>Тіркеу куәлігіне КО кілтімен қол қою.</translation>
    </message>
    <message>
        <source>Issue the certificate of application %1</source>
        <translation>№%1 өтініш бойынша тіркеу куәлігін беру</translation>
    </message>
    <message>
        <source>From the holder&apos;s certificate request (CSR file)</source>
        <translation>Иеленушінің тіркеу куәлігіне сұрауынан (CSR файлы)</translation>
    </message>
    <message>
        <source>&amp;Request file:</source>
        <translation>Сұрау &amp;файлы:</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>&amp;Таңдау…</translation>
    </message>
    <message>
        <source>Certificate &amp;format:</source>
        <translation>Тіркеу куәлігінің &amp;пішімі:</translation>
    </message>
    <message>
        <source>PEM (text, .pem)</source>
        <translation>PEM (мәтін, .pem)</translation>
    </message>
    <message>
        <source>DER (binary, .cer)</source>
        <translation>DER (екілік, .cer)</translation>
    </message>
    <message>
        <source>&amp;Issue</source>
        <translation>&amp;Беру</translation>
    </message>
    <message>
        <source>&amp;Save certificate…</source>
        <translation>Тіркеу куәлігін &amp;сақтау…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Жабу</translation>
    </message>
    <message>
        <source>Folder for the key files and certificates of the letter</source>
        <translation>Хат бойынша кілт файлдары мен тіркеу куәліктеріне арналған қалта</translation>
    </message>
    <message>
        <source>The holder types the password for the key file, twice.</source>
        <translation>Иеленуші кілт файлының құпиясөзін екі рет енгізеді.</translation>
    </message>
    <message>
        <source>The holder&apos;s password must have at least %1 characters.</source>
        <translation>Иеленушінің құпиясөзі кемінде %1 таңбадан тұруы тиіс.</translation>
    </message>
    <message>
        <source>The two passwords differ: the holder types the same password twice.</source>
        <translation>Екі құпиясөз сәйкес келмейді: иеленуші бір құпиясөзді екі рет енгізеді.</translation>
    </message>
    <message>
        <source>Save the holder&apos;s key (PKCS#12) to the key media</source>
        <translation>Иеленушінің кілтін (PKCS#12) кілт тасығышқа сақтау</translation>
    </message>
    <message>
        <source>PKCS#12 key files (*.p12 *.pfx)</source>
        <translation>PKCS#12 кілт файлдары (*.p12 *.pfx)</translation>
    </message>
    <message>
        <source>The file %1 already exists; choose another name: a key file is never replaced.</source>
        <translation>%1 файлы бұрыннан бар; басқа атау таңдаңыз: кілт файлы ешқашан қайта жазылмайды.</translation>
    </message>
    <message>
        <source>The folder of %1 cannot be written to.</source>
        <translation>%1 файлының қалтасына жазу мүмкін емес.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist or cannot be written to.</source>
        <translation>%1 қалтасы жоқ немесе оған жазу мүмкін емес.</translation>
    </message>
    <message>
        <source>The file %1 already exists; choose another folder: key files are never replaced.</source>
        <translation>%1 файлы бұрыннан бар; басқа қалта таңдаңыз: кілт файлдары ешқашан қайта жазылмайды.</translation>
    </message>
    <message numerus="yes">
        <source>Passphrase of the CA key, to sign %n certificate(s) of the letter %1:</source>
        <translation>
            <numerusform>№%1 хат бойынша %n тіркеу куәлігіне қол қою үшін КО кілтінің құпия фразасы:</numerusform>
            <numerusform>№%1 хат бойынша %n тіркеу куәлігіне қол қою үшін КО кілтінің құпия фразасы:</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, key media %2</source>
        <translation>%1, кілт тасығыш: %2</translation>
    </message>
    <message>
        <source>not issued: cancelled</source>
        <translation>берілмеді: бас тартылды</translation>
    </message>
    <message>
        <source>not issued</source>
        <translation>берілмеді</translation>
    </message>
    <message>
        <source>Letter %1: %2 certificate(s) issued, %3 refused.</source>
        <translation>№%1 хат: %2 тіркеу куәлігі берілді, %3 қабылданбады.</translation>
    </message>
    <message>
        <source>Cancelled: the remaining persons were not issued.</source>
        <translation>Бас тартылды: қалған тұлғаларға тіркеу куәлігі берілмеді.</translation>
    </message>
    <message>
        <source>Every person of the letter has a certificate: the application is done.</source>
        <translation>Хаттағы әр тұлғаның тіркеу куәлігі бар: өтініш орындалды.</translation>
    </message>
    <message>
        <source>The letter is not complete yet: persons without a certificate remain.</source>
        <translation>Хат әлі толық орындалған жоқ: тіркеу куәлігі жоқ тұлғалар қалды.</translation>
    </message>
    <message>
        <source>Key files and certificates are in %1, named after each person&apos;s IIN.</source>
        <translation>Кілт файлдары мен тіркеу куәліктері %1 қалтасында, әр тұлғаның ЖСН-і бойынша аталған.</translation>
    </message>
    <message>
        <source>The holder&apos;s key (PKCS#12, key media %1) is written to %2; it is kept nowhere else.</source>
        <translation>Иеленушінің кілті (PKCS#12, кілт тасығыш: %1) %2 файлына жазылды; ол басқа еш жерде сақталмайды.</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>тіркелмеген</translation>
    </message>
    <message>
        <source>The replaced certificate %1 is revoked (superseded).</source>
        <translation>Ауыстырылған %1 тіркеу куәлігі «Ауыстырылды» себебімен кері қайтарып алынды.</translation>
    </message>
    <message>
        <source>Every person of this letter has a certificate.</source>
        <translation>Осы хаттағы әр тұлғаның тіркеу куәлігі бар.</translation>
    </message>
    <message>
        <source>Choose the folder for the key files first.</source>
        <translation>Алдымен кілт файлдарына арналған қалтаны таңдаңыз.</translation>
    </message>
    <message>
        <source>Generate the key, sign the certificate with the CA key and write the key file.</source>
        <translation>Кілтті жасау, тіркеу куәлігіне КО кілтімен қол қою және кілт файлын жазу.</translation>
    </message>
    <message>
        <source>Application %1 (%2, %3): %4. Status: %5.</source>
        <translation>№%1 өтініш (%2, %3): %4. Мәртебесі: %5.</translation>
    </message>
    <message numerus="yes">
        <source>A letter for %n person(s): each gets a key of their own.</source>
        <translation>
            <numerusform>%n тұлғаға арналған хат: әр тұлға өз кілтін алады.</numerusform>
            <numerusform>%n тұлғаға арналған хат: әр тұлға өз кілтін алады.</numerusform>
        </translation>
    </message>
    <message>
        <source>It replaces certificate %1 (re-issue).</source>
        <translation>Ол %1 тіркеу куәлігін ауыстырады (қайта беру).</translation>
    </message>
    <message>
        <source>Generate the key pair onto the key media (PKCS#12 file)</source>
        <translation>Кілт жұбын кілт тасығышқа жасау (PKCS#12 файлы)</translation>
    </message>
    <message>
        <source>Key &amp;algorithm:</source>
        <translation>Кілт &amp;алгоритмі:</translation>
    </message>
    <message>
        <source>Holder&apos;s &amp;password:</source>
        <translation>Иеленушінің &amp;құпиясөзі:</translation>
    </message>
    <message>
        <source>Password a&amp;gain:</source>
        <translation>Құпиясөзді қайтала&amp;у:</translation>
    </message>
    <message>
        <source>Key &amp;media serial:</source>
        <translation>Кілт тасығыштың сериялық &amp;нөмірі:</translation>
    </message>
    <message>
        <source>required by the Government Bodies CA</source>
        <translation>Мемлекеттік органдардың КО үшін міндетті</translation>
    </message>
    <message>
        <source>Every person of the letter: one generated key each (PKCS#12 files)</source>
        <translation>Хаттағы әр тұлғаға: бір-бірден жасалған кілт (PKCS#12 файлдары)</translation>
    </message>
    <message>
        <source>Key a&amp;lgorithm:</source>
        <translation>Кілт а&amp;лгоритмі:</translation>
    </message>
    <message>
        <source>Output &amp;folder:</source>
        <translation>&amp;Шығыс қалтасы:</translation>
    </message>
    <message>
        <source>Ch&amp;oose…</source>
        <translation>Таң&amp;дау…</translation>
    </message>
    <message>
        <source>Revoke the replaced certificate %1 (superseded) in the same step</source>
        <translation>Ауыстырылатын %1 тіркеу куәлігін сол қадамда «Ауыстырылды» себебімен кері қайтарып алу</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Бас тарту</translation>
    </message>
    <message>
        <source>Certificate request of the holder&apos;s authentication key</source>
        <translation>Иеленушінің аутентификация кілтіне арналған тіркеу куәлігіне сұрау</translation>
    </message>
    <message>
        <source>Save the holder&apos;s authentication key (PKCS#12) to the key media</source>
        <translation>Иеленушінің аутентификация кілтін (PKCS#12) кілт тасығышқа сақтау</translation>
    </message>
    <message>
        <source>Passphrase of the CA key, to sign the signing and the authentication certificates for application %1:</source>
        <translation>№%1 өтініш бойынша қол қоюға және аутентификацияға арналған тіркеу куәліктеріне қол қою үшін КО кілтінің құпия фразасы:</translation>
    </message>
    <message>
        <source>Certificate %1 (%2) issued for %3, valid %4 – %5.</source>
        <translation>%1 тіркеу куәлігі (%2) берілді, иеленуші: %3, жарамдылық мерзімі: %4 – %5.</translation>
    </message>
    <message>
        <source>The application asks for signing and authentication: choose the request of the authentication key too (each certificate has its own key).</source>
        <translation>Өтініште қол қою да, аутентификация да сұралған: аутентификация кілтінің сұрауын да таңдаңыз (әр тіркеу куәлігінің өз кілті болады).</translation>
    </message>
    <message>
        <source>It asks for signing and authentication: both certificates are issued now, each with its own key.</source>
        <translation>Өтініште қол қою да, аутентификация да сұралған: екі тіркеу куәлігі де қазір беріледі, әрқайсысы өз кілтімен.</translation>
    </message>
    <message>
        <source>A&amp;uthentication request:</source>
        <translation>&amp;Аутентификация сұрауы:</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Таңдау…</translation>
    </message>
    <message>
        <source>Si&amp;gning request:</source>
        <translation>&amp;Қол қою сұрауы:</translation>
    </message>
    <message>
        <source>Who receives the key media (the employee named in the body&apos;s internal order)</source>
        <translation>Кілт тасығышын кім алады (органның ішкі бұйрығында аталған қызметкер)</translation>
    </message>
    <message>
        <source>Employee&apos;s full &amp;name:</source>
        <translation>Қызметкердің толық &amp;аты-жөні:</translation>
    </message>
    <message>
        <source>Pos&amp;ition:</source>
        <translation>&amp;Лауазымы:</translation>
    </message>
    <message>
        <source>Internal order &amp;number:</source>
        <translation>Ішкі бұйрықтың &amp;нөмірі:</translation>
    </message>
    <message>
        <source>Internal order &amp;date:</source>
        <translation>Ішкі бұйрықтың &amp;күні:</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>ЖЖЖЖ-АА-КК</translation>
    </message>
    <message>
        <source>Reason for an outside &amp;request:</source>
        <translation>Сыртқы &amp;сұрау себебі:</translation>
    </message>
    <message>
        <source>only from a request file, where the rules in force allow it; recorded with the certificate</source>
        <translation>тек сұрау файлынан, қолданыстағы қағидалар рұқсат еткен жерде; куәлікпен бірге тіркеледі</translation>
    </message>
    <message>
        <source>At the Government Bodies CA the key is generated onto the key media here: that way is preselected.</source>
        <translation>Мемлекеттік органдардың КО-да кілт осы жерде кілт тасығышына жасалады: осы тәсіл алдын ала таңдалған.</translation>
    </message>
    <message>
        <source>The application names a token as the key media: the holder&apos;s request made on the token is preselected.</source>
        <translation>Өтініште кілт тасығышы ретінде токен көрсетілген: иесінің токенде жасалған сұрауы алдын ала таңдалған.</translation>
    </message>
    <message>
        <source>The application names a file as the key media: a key generated here into a PKCS#12 file is preselected.</source>
        <translation>Өтініште кілт тасығышы ретінде файл көрсетілген: осы жерде PKCS#12 файлына жасалатын кілт алдын ала таңдалған.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::IssueRunner</name>
    <message numerus="yes">
        <source>Issuing %n certificate(s)…</source>
        <translation>
            <numerusform>%n тіркеу куәлігі берілуде…</numerusform>
            <numerusform>%n тіркеу куәлігі берілуде…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %n certificate(s); the others were not issued.</source>
        <translation>
            <numerusform>%n тіркеу куәлігінен кейін тоқтатылды; қалғандары берілмеді.</numerusform>
            <numerusform>%n тіркеу куәлігінен кейін тоқтатылды; қалғандары берілмеді.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 certificate(s) done.</source>
        <translation>%2 тіркеу куәлігінің %1-і дайын.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::JobProgressDialog</name>
    <message>
        <source>Cancel</source>
        <translation>Бас тарту</translation>
    </message>
    <message>
        <source>Stopping after the current step…</source>
        <translation>Ағымдағы қадамнан кейін тоқтатылуда…</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::KeyBackupDialog</name>
    <message>
        <source>Key backups (*.backup)</source>
        <translation>Кілттің сақтық көшірмелері (*.backup)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Бас тарту</translation>
    </message>
    <message>
        <source>Back up the key of the CA %1</source>
        <translation>%1 КО кілтінің сақтық көшірмесін жасау</translation>
    </message>
    <message>
        <source>The key is written encrypted; its data key is split into one share per custodian, and any %1 shares restore it. Name each custodian (full name, position and organisation); hand each one share file against a signature on the printed hand-over record.</source>
        <translation>Кілт шифрланып жазылады; оның деректер кілті әр сақтаушыға бір үлестен бөлінеді, кез келген %1 үлес оны қалпына келтіреді. Әр сақтаушыны атаңыз (аты-жөні, лауазымы мен ұйымы); әрқайсысына басып шығарылған қабылдау-тапсыру актісіне қол қойғызып бір үлес файлын беріңіз.</translation>
    </message>
    <message>
        <source>Custodians (shares):</source>
        <translation>Сақтаушылар (үлестер):</translation>
    </message>
    <message>
        <source>Shares needed to restore:</source>
        <translation>Қалпына келтіруге қажет үлестер:</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Қалта:</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Таңдау…</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Аты-жөні</translation>
    </message>
    <message>
        <source>Position and organisation</source>
        <translation>Лауазымы мен ұйымы</translation>
    </message>
    <message>
        <source>&amp;Back up</source>
        <translation>Сақтық көшірме &amp;жасау</translation>
    </message>
    <message>
        <source>Restore the key of the CA %1</source>
        <translation>%1 КО кілтін қалпына келтіру</translation>
    </message>
    <message>
        <source>A new encrypted key file from the backup and enough custodians&apos; shares. The key must match the CA&apos;s certificate; too few, foreign or altered shares are refused and nothing is written.</source>
        <translation>Сақтық көшірме мен жеткілікті сақтаушылар үлестерінен жаңа шифрланған кілт файлы. Кілт КО куәлігіне сәйкес келуі керек; аз, бөгде немесе өзгертілген үлестер қабылданбайды және ештеңе жазылмайды.</translation>
    </message>
    <message>
        <source>Backup file:</source>
        <translation>Сақтық көшірме файлы:</translation>
    </message>
    <message>
        <source>Share files:</source>
        <translation>Үлес файлдары:</translation>
    </message>
    <message>
        <source>&amp;Add share…</source>
        <translation>Үлес &amp;қосу…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Алып тастау</translation>
    </message>
    <message>
        <source>New key file:</source>
        <translation>Жаңа кілт файлы:</translation>
    </message>
    <message>
        <source>New passphrase:</source>
        <translation>Жаңа құпия фраза:</translation>
    </message>
    <message>
        <source>Passphrase again:</source>
        <translation>Құпия фраза қайтадан:</translation>
    </message>
    <message>
        <source>at least 12 characters</source>
        <translation>кемінде 12 таңба</translation>
    </message>
    <message>
        <source>From now on the CA signs with the restored key file</source>
        <translation>Бұдан былай КО қалпына келтірілген кілт файлымен қол қояды</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>&amp;Қалпына келтіру</translation>
    </message>
    <message>
        <source>Key shares (*.share)</source>
        <translation>Кілт үлестері (*.share)</translation>
    </message>
    <message>
        <source>Name the custodian of share %1: full name and position.</source>
        <translation>%1 үлесінің сақтаушысын атаңыз: аты-жөні мен лауазымы.</translation>
    </message>
    <message>
        <source>Passphrase of the key of the CA %1:</source>
        <translation>%1 КО кілтінің құпия фразасы:</translation>
    </message>
    <message>
        <source>Key of the CA %1 (SHA-256 %2) backed up as %3; any %4 of these %5 shares restore it. Give each custodian one share file and delete it here:</source>
        <translation>%1 КО кілті (SHA-256 %2) %3 ретінде сақталды; осы %5 үлестің кез келген %4 үлесі оны қалпына келтіреді. Әр сақтаушыға бір үлес файлын беріп, мұнда оны жойыңыз:</translation>
    </message>
    <message>
        <source>Hand-over record to print and sign: %1</source>
        <translation>Басып шығарып, қол қоюға арналған қабылдау-тапсыру актісі: %1</translation>
    </message>
    <message>
        <source>Add the custodians&apos; share files (one per share).</source>
        <translation>Сақтаушылардың үлес файлдарын қосыңыз (әр үлеске бір файл).</translation>
    </message>
    <message>
        <source>The two passphrases differ; type the same passphrase twice.</source>
        <translation>Екі құпия фраза әртүрлі; бірдей құпия фразаны екі рет теріңіз.</translation>
    </message>
    <message>
        <source>The key of the CA %1 (SHA-256 %2) is restored to %3 from the shares %4.</source>
        <translation>%1 КО кілті (SHA-256 %2) %4 үлестерінен %3 ішіне қалпына келтірілді.</translation>
    </message>
    <message>
        <source>The CA now signs with this file.</source>
        <translation>КО енді осы файлмен қол қояды.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::KeyBackupsDialog</name>
    <message>
        <source>Save a copy of the hand-over record</source>
        <translation>Беру актісінің көшірмесін сақтау</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF құжаттары (*.pdf)</translation>
    </message>
    <message>
        <source>A copy of the hand-over record is saved to %1.</source>
        <translation>Беру актісінің көшірмесі %1 ішіне сақталды.</translation>
    </message>
    <message>
        <source>Key backups of the CA %1</source>
        <translation>%1 КО кілтінің резервтік көшірмелері</translation>
    </message>
    <message>
        <source>The CA %1 has no recorded key backup.</source>
        <translation>%1 КО-да жазылған кілт резервтік көшірмесі жоқ.</translation>
    </message>
    <message>
        <source>Each backup as the event log records it. If the signed hand-over record of a backup is lost, print a copy of it for the custodians to sign again.</source>
        <translation>Әр резервтік көшірме оқиғалар журналында жазылғандай. Көшірме бөліктерін берудің қол қойылған актісі жоғалса, сақтаушылар қайта қол қоюы үшін оның көшірмесін басыңыз.</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Жасалды</translation>
    </message>
    <message>
        <source>Shares needed / all</source>
        <translation>Қалпына келтіруге қажет бөліктер / барлығы</translation>
    </message>
    <message>
        <source>Made by</source>
        <translation>Жасаған</translation>
    </message>
    <message>
        <source>Custodians</source>
        <translation>Сақтаушылар</translation>
    </message>
    <message>
        <source>Folder, or why not written</source>
        <translation>Қалта немесе неге жазылмағаны</translation>
    </message>
    <message>
        <source>Print the hand-over record again…</source>
        <translation>Беру актісін қайта басу…</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::LetterIssueTable</name>
    <message>
        <source>Person %1: the holder types the password for the key file (twice).</source>
        <translation>%1-тұлға: иеленуші кілт файлының құпиясөзін енгізеді (екі рет).</translation>
    </message>
    <message>
        <source>Person %1: the password must have at least %2 characters.</source>
        <translation>%1-тұлға: құпиясөз кемінде %2 таңбадан тұруы тиіс.</translation>
    </message>
    <message>
        <source>Person %1: the two passwords differ.</source>
        <translation>%1-тұлға: екі құпиясөз сәйкес келмейді.</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Тұлға</translation>
    </message>
    <message>
        <source>IIN</source>
        <translation>ЖСН</translation>
    </message>
    <message>
        <source>Key media serial</source>
        <translation>Кілт тасығыштың сериялық нөмірі</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Құпиясөз</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>Құпиясөзді қайталау</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Нәтиже</translation>
    </message>
    <message>
        <source>serial of the token</source>
        <translation>токеннің сериялық нөмірі</translation>
    </message>
    <message>
        <source>typed by the holder</source>
        <translation>иеленуші енгізеді</translation>
    </message>
    <message>
        <source>once more</source>
        <translation>тағы бір рет</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::MainWindow</name>
    <message>
        <source>Tirkeu — %1</source>
        <translation>Tirkeu — %1</translation>
    </message>
    <message>
        <source>&amp;Register</source>
        <translation>&amp;Тіркелім</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>Т&amp;іл</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Негізгі құралдар тақтасы</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Жаңарту</translation>
    </message>
    <message>
        <source>Read the queue and the register again (%1)</source>
        <translation>Кезек пен тіркелімді қайта оқу (%1)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>Ш&amp;ығу</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>Өтініштер</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Тіркелім</translation>
    </message>
    <message>
        <source>Signed in: %1 (%2), %3</source>
        <translation>Жүйеге кірген: %1 (%2), %3</translation>
    </message>
    <message>
        <source>Read again at %1.</source>
        <translation>%1 уақытында қайта оқылды.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Тіл</translation>
    </message>
    <message>
        <source>The translation &quot;%1&quot; is not available; the interface is shown in English.</source>
        <translation>«%1» аудармасы қолжетімсіз; интерфейс ағылшын тілінде көрсетіледі.</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Есептер</translation>
    </message>
    <message>
        <source>Session ended</source>
        <translation>Сеанс аяқталды</translation>
    </message>
    <message>
        <source>Sign &amp;out…</source>
        <translation>&amp;Шығу…</translation>
    </message>
    <message>
        <source>End this session and sign in as another operator, without quitting</source>
        <translation>Бағдарламадан шықпай, осы сеансты аяқтап, басқа оператор ретінде кіру</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Баптаулар</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Анықтама</translation>
    </message>
    <message>
        <source>&amp;Getting started</source>
        <translation>Жұмысты &amp;бастау</translation>
    </message>
    <message>
        <source>&amp;About Tirkeu</source>
        <translation>Tirkeu &amp;туралы</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>Оқиғалар журналы</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Бүгін</translation>
    </message>
    <message>
        <source>Notices</source>
        <translation>Хабарламалар</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::NewApplicationDialog</name>
    <message>
        <source>Choose the CA and the form.</source>
        <translation>КО мен нысанды таңдаңыз.</translation>
    </message>
    <message>
        <source>Everything the form requires is there. Save registers the application.</source>
        <translation>Нысан талап ететін барлық мәлімет бар. «Сақтау» батырмасы өтінішті тіркейді.</translation>
    </message>
    <message>
        <source>Register the application; it goes to the queue for approval by an officer.</source>
        <translation>Өтінішті тіркеу; ол КО қызметкерінің мақұлдауына арналған кезекке түседі.</translation>
    </message>
    <message>
        <source>Before saving:</source>
        <translation>Сақтау алдында:</translation>
    </message>
    <message>
        <source>Not yet: %1</source>
        <translation>Әзірге мүмкін емес: %1</translation>
    </message>
    <message>
        <source>Application No. %1 is registered: received %2 by %3.</source>
        <translation>№%1 өтініш тіркелді: %2 уақытында %3 қабылдады.</translation>
    </message>
    <message>
        <source>Legal deadline: %1.</source>
        <translation>Заңда белгіленген мерзім: %1.</translation>
    </message>
    <message>
        <source>It is now in the queue for approval by another officer.</source>
        <translation>Енді ол басқа КО қызметкерінің мақұлдауын күтетін кезекте.</translation>
    </message>
    <message>
        <source>Application No. %1 is registered.</source>
        <translation>№%1 өтініш тіркелді.</translation>
    </message>
    <message>
        <source>New application</source>
        <translation>Жаңа өтініш</translation>
    </message>
    <message>
        <source>Step 1 of 3: the CA and the form</source>
        <translation>1-қадам (барлығы 3): КО және нысан</translation>
    </message>
    <message>
        <source>Step 2 of 3: the form</source>
        <translation>2-қадам (барлығы 3): нысан</translation>
    </message>
    <message>
        <source>Step 3 of 3: consent and attachments</source>
        <translation>3-қадам (барлығы 3): келісім және қосымшалар</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Сақталды</translation>
    </message>
    <message>
        <source>&amp;CA:</source>
        <translation>&amp;КО:</translation>
    </message>
    <message>
        <source>&amp;Form:</source>
        <translation>&amp;Нысан:</translation>
    </message>
    <message numerus="yes">
        <source>Legal deadline: %n working day(s) from receipt.</source>
        <translation>
            <numerusform>Заңда белгіленген мерзім: түскен күннен бастап %n жұмыс күні.</numerusform>
            <numerusform>Заңда белгіленген мерзім: түскен күннен бастап %n жұмыс күні.</numerusform>
        </translation>
    </message>
    <message>
        <source>A letter listing persons, with a personal attachment for each.</source>
        <translation>Тұлғалар тізімі бар хат, әр тұлғаға жеке қосымшамен.</translation>
    </message>
    <message>
        <source>This CA has no forms.</source>
        <translation>Бұл КО-да нысандар жоқ.</translation>
    </message>
    <message>
        <source>Check the documents the applicant handed in, and record the consent.</source>
        <translation>Өтініш беруші тапсырған құжаттарды тексеріп, келісімді тіркеңіз.</translation>
    </message>
    <message>
        <source>The applicant consented to the processing of personal data</source>
        <translation>Өтініш беруші дербес деректерді өңдеуге келісім берді</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Қосымшалар</translation>
    </message>
    <message>
        <source>%1 (if applicable)</source>
        <translation>%1 (қажет болса)</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; &amp;Артқа</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>Ке&amp;лесі &gt;</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Сақтау</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Жабу</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Бас тарту</translation>
    </message>
    <message>
        <source>The CA %1 is not offered here.</source>
        <translation>%1 КО мұнда қолжетімсіз.</translation>
    </message>
    <message>
        <source>The CA %1 has no form %2.</source>
        <translation>%1 КО-да %2 нысаны жоқ.</translation>
    </message>
    <message>
        <source>Application form filled in by the applicant</source>
        <translation>Өтініш беруші толтырған өтініш нысаны</translation>
    </message>
    <message>
        <source>PDF forms (*.pdf);;All files (*)</source>
        <translation>PDF нысандары (*.pdf);;Барлық файлдар (*)</translation>
    </message>
    <message>
        <source>No CA of this register accepts the form %1.</source>
        <translation>Осы тіркелімдегі бірде-бір КО %1 нысанын қабылдамайды.</translation>
    </message>
    <message>
        <source>Re-issue of certificate %1</source>
        <translation>%1 тіркеу куәлігін қайта беру</translation>
    </message>
    <message>
        <source>Re-issue: this application replaces certificate %1 of %2.</source>
        <translation>Қайта беру: бұл өтініш %2 КО берген %1 тіркеу куәлігін ауыстырады.</translation>
    </message>
    <message>
        <source>Filled in from %1: check every field against the applicant&apos;s documents before saving.</source>
        <translation>%1 файлынан толтырылды: сақтау алдында әр өрісті өтініш берушінің құжаттарымен салыстырып тексеріңіз.</translation>
    </message>
    <message>
        <source>Open filled &amp;PDF…</source>
        <translation>Толтырылған &amp;PDF-ті ашу…</translation>
    </message>
    <message>
        <source>Read an application form the applicant filled in as a PDF; the form opens pre-filled.</source>
        <translation>Өтініш беруші PDF түрінде толтырған өтініш нысанын оқу; нысан алдын ала толтырылған күйде ашылады.</translation>
    </message>
    <message>
        <source>No required document is missing: clear &quot;documents missing&quot;.</source>
        <translation>Міндетті құжаттардың бәрі бар: «Міндетті құжаттар жоқ» белгісін алып тастаңыз.</translation>
    </message>
    <message>
        <source>How the holder was identified:</source>
        <translation>Иеленушіні сәйкестендіру тәсілі:</translation>
    </message>
    <message>
        <source>Required documents are missing: register as received, to be refused for that</source>
        <translation>Міндетті құжаттар жоқ: түскен күйінде тіркеу, осы негіз бойынша қабылданбайды</translation>
    </message>
    <message numerus="yes">
        <source>The application is not registered yet. Keep what was typed as a draft (My drafts, kept %n day(s)), or discard it?</source>
        <translation>
            <numerusform>Өтініш әлі тіркелмеген. Терілгенді нобай ретінде сақтау керек пе (Менің нобайларым, %n күн сақталады), әлде одан бас тарту керек пе?</numerusform>
            <numerusform>Өтініш әлі тіркелмеген. Терілгенді нобай ретінде сақтау керек пе (Менің нобайларым, %n күн сақталады), әлде одан бас тарту керек пе?</numerusform>
        </translation>
    </message>
    <message>
        <source>Keep as draft</source>
        <translation>Нобай ретінде сақтау</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Тастау</translation>
    </message>
    <message>
        <source>Continue typing</source>
        <translation>Теруді жалғастыру</translation>
    </message>
    <message>
        <source>The draft could not be kept: %1</source>
        <translation>Нобайды сақтау мүмкін болмады: %1</translation>
    </message>
    <message>
        <source>Draft kept at %1; it is in My drafts until the application is registered.</source>
        <translation>Нобай %1 сақталды; өтініш тіркелгенге дейін ол «Менің нобайларым» ішінде.</translation>
    </message>
    <message>
        <source>Draft of %1, last changed %2.</source>
        <translation>%1 нобайы, соңғы өзгеріс: %2.</translation>
    </message>
    <message>
        <source>Reading the PDF form…</source>
        <translation>PDF нысаны оқылуда…</translation>
    </message>
    <message>
        <source>Reading the PDF form %1…</source>
        <translation>%1 PDF нысаны оқылуда…</translation>
    </message>
    <message>
        <source>Reading the PDF was cancelled: nothing was taken from it.</source>
        <translation>PDF оқу тоқтатылды: одан ештеңе алынған жоқ.</translation>
    </message>
    <message>
        <source>The PDF could not be read.</source>
        <translation>PDF оқылмады.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::NoticesPage</name>
    <message>
        <source>sent %1</source>
        <translation>жіберілді %1</translation>
    </message>
    <message>
        <source>failed, given up</source>
        <translation>жіберілмеді, әрекет тоқтатылды</translation>
    </message>
    <message>
        <source>queued, next attempt %1</source>
        <translation>кезекте, келесі әрекет %1</translation>
    </message>
    <message>
        <source>expiry reminder</source>
        <translation>мерзімі аяқталатыны туралы еске салу</translation>
    </message>
    <message>
        <source>revocation notice</source>
        <translation>кері қайтарып алу туралы хабарлама</translation>
    </message>
    <message>
        <source>No notices.</source>
        <translation>Хабарламалар жоқ.</translation>
    </message>
    <message numerus="yes">
        <source>%n notice(s), newest first.</source>
        <translation>
            <numerusform>%n хабарлама, ең жаңасы бірінші.</numerusform>
            <numerusform>%n хабарлама, ең жаңасы бірінші.</numerusform>
        </translation>
    </message>
    <message>
        <source>Notices</source>
        <translation>Хабарламалар</translation>
    </message>
    <message numerus="yes">
        <source>%n expiry reminder(s) queued.</source>
        <translation>
            <numerusform>Мерзімі аяқталатыны туралы %n еске салу кезекке қойылды.</numerusform>
            <numerusform>Мерзімі аяқталатыны туралы %n еске салу кезекке қойылды.</numerusform>
        </translation>
    </message>
    <message>
        <source>Revocation notices and expiry reminders to holders, by e-mail. A revocation notice is queued with the revocation itself; the scheduled job sends what is due and retries failures later.</source>
        <translation>Иелерге электрондық пошта арқылы жіберілетін кері қайтарып алу туралы хабарламалар мен мерзімі аяқталатыны туралы еске салулар. Кері қайтарып алу туралы хабарлама кері қайтарып алумен бірге кезекке қойылады; жоспарлы тапсырма мерзімі келгенін жібереді және сәтсіздерін кейін қайталайды.</translation>
    </message>
    <message>
        <source>&amp;State:</source>
        <translation>&amp;Күйі:</translation>
    </message>
    <message>
        <source>all</source>
        <translation>барлығы</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>кезекте</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>жіберілген</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>жіберілмеген</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Жаңарту</translation>
    </message>
    <message>
        <source>Certificates ending &amp;within (days):</source>
        <translation>Мерзімі &amp;аяқталатын куәліктер (күн ішінде):</translation>
    </message>
    <message>
        <source>&amp;Queue expiry reminders</source>
        <translation>Еске салуларды &amp;кезекке қою</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Түрі</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>Сериялық нөмір</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Кімге</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Күйі</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Әрекеттер</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Соңғы қате</translation>
    </message>
    <message>
        <source>Queued at</source>
        <translation>Кезекке қойылған уақыты</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::PersonsEditor</name>
    <message>
        <source>Person %1 of the letter: personal attachment</source>
        <translation>Хаттағы %1-тұлға: жеке қосымша</translation>
    </message>
    <message>
        <source>Add a person to the letter.</source>
        <translation>Хатқа тұлға қосу.</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>толтырылған</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s)</source>
        <translation>
            <numerusform>%n қате</numerusform>
            <numerusform>%n қате</numerusform>
        </translation>
    </message>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Тексеру</translation>
    </message>
    <message>
        <source>&amp;Add person</source>
        <translation>Тұлға &amp;қосу</translation>
    </message>
    <message>
        <source>Re&amp;move person</source>
        <translation>Тұлғаны &amp;жою</translation>
    </message>
    <message>
        <source>Remove the selected person from the letter.</source>
        <translation>Таңдалған тұлғаны хаттан жою.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::PrintPreview</name>
    <message>
        <source>The document cannot be shown: %1 is not a readable PDF.</source>
        <translation>Құжатты көрсету мүмкін емес: %1 оқылатын PDF емес.</translation>
    </message>
    <message>
        <source>Preview — %1</source>
        <translation>Алдын ала қарау — %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::RegisterActions</name>
    <message>
        <source>&amp;Certificates</source>
        <translation>Тіркеу &amp;куәліктері</translation>
    </message>
    <message>
        <source>&amp;Publish CRL…</source>
        <translation>КТКТ &amp;жариялау…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Баптаулар…</translation>
    </message>
    <message>
        <source>Sign and publish a full or delta CRL of a CA.</source>
        <translation>КО-ның толық немесе дельта-КТКТ тізіміне қол қойып, жариялау.</translation>
    </message>
    <message>
        <source>Your role (%1) may not %2.</source>
        <translation>Сіздің рөліңізге (%1) рұқсат жоқ: %2.</translation>
    </message>
    <message>
        <source>CAs, operators, retention periods and the working-day calendar.</source>
        <translation>КО-лар, операторлар, сақтау мерзімдері және жұмыс күндері күнтізбесі.</translation>
    </message>
    <message>
        <source>&amp;Issue from requests…</source>
        <translation>Сұраулар бойынша &amp;беру…</translation>
    </message>
    <message>
        <source>Issue the certificates of many approved applications from a folder of their holders&apos; requests.</source>
        <translation>Көп мақұлданған өтініш бойынша тіркеу куәліктерін иелерінің сұраулары қалтасынан беру.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::RegisterCheck</name>
    <message>
        <source>Checking the register %1 before the first change…</source>
        <translation>Алғашқы өзгерістің алдында %1 тіркелімі тексерілуде…</translation>
    </message>
    <message>
        <source>Tirkeu: checking the register</source>
        <translation>Tirkeu: тіркелім тексерілуде</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::RegisterHitModel</name>
    <message>
        <source>valid</source>
        <comment>certificate status</comment>
        <translation>жарамды</translation>
    </message>
    <message>
        <source>revoked</source>
        <comment>certificate status</comment>
        <translation>кері қайтарып алынған</translation>
    </message>
    <message>
        <source>no certificate</source>
        <translation>тіркеу куәлігі жоқ</translation>
    </message>
    <message>
        <source>IIN/BIN</source>
        <translation>ЖСН/БСН</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>Иеленуші</translation>
    </message>
    <message>
        <source>CA</source>
        <comment>certification authority</comment>
        <translation>КО</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>Сериялық нөмір</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Бейін</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>Жарамдылық басы</translation>
    </message>
    <message>
        <source>Valid to</source>
        <translation>Жарамдылық соңы</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Мәртебе</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::RegisterInfoPage</name>
    <message>
        <source>Location:</source>
        <translation>Орны:</translation>
    </message>
    <message>
        <source>Register ID:</source>
        <translation>Тіркелім ID:</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>Құрылған:</translation>
    </message>
    <message>
        <source>Schema version:</source>
        <translation>Схема нұсқасы:</translation>
    </message>
    <message>
        <source>Operators:</source>
        <translation>Операторлар:</translation>
    </message>
    <message>
        <source>Certification authorities:</source>
        <translation>Куәландырушы орталықтар:</translation>
    </message>
    <message>
        <source>Applications:</source>
        <translation>Өтініштер:</translation>
    </message>
    <message>
        <source>Certificates:</source>
        <translation>Тіркеу куәліктері:</translation>
    </message>
    <message>
        <source>Revocations:</source>
        <translation>Кері қайтарып алынғандар:</translation>
    </message>
    <message>
        <source>Events in the audit log:</source>
        <translation>Оқиғалар журналындағы жазбалар:</translation>
    </message>
    <message>
        <source>%1 (this program knows up to %2)</source>
        <translation>%1 (осы бағдарлама %2 нұсқасына дейін қолдайды)</translation>
    </message>
    <message>
        <source>No CA yet — an administrator sets one up in Settings → CAs.</source>
        <translation>Әлі КО жоқ — әкімші оны Баптаулар → КО-лар бөлімінде баптайды.</translation>
    </message>
    <message>
        <source>No applications yet — create one with New application.</source>
        <translation>Әлі өтініштер жоқ — Жаңа өтініш арқылы жасаңыз.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::RegisterSearchPage</name>
    <message>
        <source>Search</source>
        <translation>Іздеу</translation>
    </message>
    <message>
        <source>&amp;Find:</source>
        <translation>&amp;Сұраныс:</translation>
    </message>
    <message>
        <source>IIN, BIN, serial number or name (e.g. Қасымова Ә)</source>
        <translation>ЖСН, БСН, сериялық нөмір немесе аты-жөні (мысалы, Қасымова Ә)</translation>
    </message>
    <message>
        <source>12 digits: IIN or BIN; hexadecimal digits: the serial number or its beginning; otherwise the beginning of the surname, then of the name. Capital and small letters are the same.</source>
        <translation>12 цифр: ЖСН немесе БСН; он алтылық цифрлар: сериялық нөмір немесе оның басы; әйтпесе тегінің басы, содан кейін атының басы. Бас және кіші әріптер бірдей саналады.</translation>
    </message>
    <message>
        <source>anything</source>
        <translation>кез келген</translation>
    </message>
    <message>
        <source>IIN</source>
        <translation>ЖСН</translation>
    </message>
    <message>
        <source>BIN</source>
        <translation>БСН</translation>
    </message>
    <message>
        <source>serial number</source>
        <translation>сериялық нөмір</translation>
    </message>
    <message>
        <source>name</source>
        <translation>аты-жөні</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Іздеу</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::ReportsPage</name>
    <message>
        <source>&amp;Report:</source>
        <translation>&amp;Есеп:</translation>
    </message>
    <message>
        <source>&amp;CA:</source>
        <translation>&amp;КО:</translation>
    </message>
    <message>
        <source>&amp;Period from:</source>
        <translation>Кезең &amp;басы:</translation>
    </message>
    <message>
        <source>to</source>
        <translation>соңы:</translation>
    </message>
    <message>
        <source>Expiring within (&amp;days):</source>
        <translation>Мерзімі аяқталатын (кү&amp;н ішінде):</translation>
    </message>
    <message>
        <source>Pre&amp;view</source>
        <translation>&amp;Алдын ала қарау</translation>
    </message>
    <message>
        <source>Save as P&amp;DF…</source>
        <translation>&amp;PDF ретінде сақтау…</translation>
    </message>
    <message>
        <source>Save as C&amp;SV…</source>
        <translation>&amp;CSV ретінде сақтау…</translation>
    </message>
    <message>
        <source>Preparing %1…</source>
        <translation>%1 дайындалуда…</translation>
    </message>
    <message>
        <source>%1 rows printed…</source>
        <translation>%1 жол басып шығарылды…</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>%1 файлына сақталды.</translation>
    </message>
    <message>
        <source>Save the report as PDF</source>
        <translation>Есепті PDF ретінде сақтау</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF құжаттары (*.pdf)</translation>
    </message>
    <message>
        <source>Save the report as CSV</source>
        <translation>Есепті CSV ретінде сақтау</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV файлдары (*.csv)</translation>
    </message>
    <message>
        <source>The preview cannot be shown.</source>
        <translation>Алдын ала қарауды көрсету мүмкін емес.</translation>
    </message>
    <message>
        <source>Preview of the first %1 of %2 pages; print or save to get them all.</source>
        <translation>%2 беттің алғашқы %1 беті көрсетілген; барлығын алу үшін басып шығарыңыз немесе сақтаңыз.</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s).</source>
        <translation>
            <numerusform>%n бет.</numerusform>
            <numerusform>%n бет.</numerusform>
        </translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>тоқтатылды</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Тоқтатылуда…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Болдырмау</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 жазу мүмкін емес: %2</translation>
    </message>
    <message>
        <source>Cancelled: nothing was saved.</source>
        <translation>Тоқтатылды: ештеңе сақталмады.</translation>
    </message>
    <message>
        <source>Preview / &amp;Print…</source>
        <translation>Алдын ала қарау / &amp;Басып шығару…</translation>
    </message>
    <message>
        <source>The document in a print preview; print it from there.</source>
        <translation>Құжат алдын ала қарау терезесінде; сол жерден басып шығарыңыз.</translation>
    </message>
    <message>
        <source>The preview is open; print from there.</source>
        <translation>Алдын ала қарау ашық; сол жерден басып шығарыңыз.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::RevokeDialog</name>
    <message>
        <source>Unspecified</source>
        <translation>Көрсетілмеген</translation>
    </message>
    <message>
        <source>Key compromise</source>
        <translation>Кілттің құпиялылығы бұзылды</translation>
    </message>
    <message>
        <source>CA compromise</source>
        <translation>КО кілтінің құпиялылығы бұзылды</translation>
    </message>
    <message>
        <source>Affiliation changed</source>
        <translation>Ұйыммен байланысы өзгерді</translation>
    </message>
    <message>
        <source>Superseded</source>
        <translation>Ауыстырылды</translation>
    </message>
    <message>
        <source>Cessation of operation</source>
        <translation>Қызмет тоқтатылды</translation>
    </message>
    <message>
        <source>Certificate hold</source>
        <translation>Уақытша тоқтатылды</translation>
    </message>
    <message>
        <source>Privilege withdrawn</source>
        <translation>Өкілеттіктері алынды</translation>
    </message>
    <message>
        <source>Attribute authority compromise</source>
        <translation>Атрибуттар орталығының құпиялылығы бұзылды</translation>
    </message>
    <message>
        <source>Holder&apos;s application</source>
        <translation>Иеленушінің өтініші</translation>
    </message>
    <message>
        <source>Court decision</source>
        <translation>Сот шешімі</translation>
    </message>
    <message>
        <source>The CA ceases operation</source>
        <translation>КО қызметін тоқтатады</translation>
    </message>
    <message>
        <source>The holder left the organisation</source>
        <translation>Иеленуші ұйымнан кетті</translation>
    </message>
    <message>
        <source>Revoke certificate %1</source>
        <translation>%1 тіркеу куәлігін кері қайтарып алу</translation>
    </message>
    <message>
        <source>Certificate %1 of the CA %2
%3
valid %4 – %5</source>
        <translation>%2 КО берген %1 тіркеу куәлігі
%3
жарамдылық мерзімі: %4 – %5</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Себебі:</translation>
    </message>
    <message>
        <source>&amp;Basis:</source>
        <translation>&amp;Негізі:</translation>
    </message>
    <message>
        <source>Basis &amp;document:</source>
        <translation>Негіздеме &amp;құжаты:</translation>
    </message>
    <message>
        <source>number and date, e.g. application No. 15 of 20.03.2026</source>
        <translation>нөмірі мен күні, мысалы, 20.03.2026 жылғы №15 өтініш</translation>
    </message>
    <message>
        <source>&amp;Continue…</source>
        <translation>&amp;Жалғастыру…</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Артқа</translation>
    </message>
    <message>
        <source>&amp;Revoke now</source>
        <translation>&amp;Кері қайтарып алу</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Бас тарту</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;The certificate %1 of the CA %2 will be revoked.&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;%2 КО берген %1 тіркеу куәлігі кері қайтарып алынады.&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Holder: %1&lt;/p&gt;</source>
        <translation>&lt;p&gt;Иеленуші: %1&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Reason: %1&lt;br&gt;Basis: %2%3&lt;/p&gt;</source>
        <translation>&lt;p&gt;Себебі: %1&lt;br&gt;Негізі: %2%3&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The revocation is &lt;b&gt;final&lt;/b&gt;: it cannot be undone. The time of revocation is now; the certificate is listed in every CRL of the CA from now on.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Кері қайтарып алу &lt;b&gt;түпкілікті&lt;/b&gt;: оны болдырмау мүмкін емес. Кері қайтарып алу уақыты — қазіргі сәт; бұдан былай тіркеу куәлігі КО-ның әрбір КТКТ-сына енгізіледі.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Because the key is compromised, a delta CRL (a full CRL if the CA has none yet) is &lt;b&gt;published at once&lt;/b&gt; into %1. The CA key passphrase is asked next.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Кілттің құпиялылығы бұзылғандықтан, дельта-КТКТ (КО-ның әлі толық КТКТ-сы болмаса, толық КТКТ) %1 қалтасына &lt;b&gt;бірден жарияланады&lt;/b&gt;. Келесі қадамда КО кілтінің құпия фразасы сұралады.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The CA has no publish folder, so no CRL is published now: publish one at once (Certificates ▸ Publish CRL).&lt;/p&gt;</source>
        <translation>&lt;p&gt;КО-ның жариялау қалтасы жоқ, сондықтан КТКТ қазір жарияланбайды: оны дереу жариялаңыз (Тіркеу куәліктері ▸ КТКТ жариялау).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The revocation appears in the next CRL publication.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Кері қайтарып алу келесі жарияланатын КТКТ-да көрсетіледі.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Passphrase of the key of the CA %1:</source>
        <translation>%1 КО кілтінің құпия фразасы:</translation>
    </message>
    <message>
        <source>The certificate is revoked, but the CRL could not be published: %1</source>
        <translation>Тіркеу куәлігі кері қайтарып алынды, бірақ КТКТ-ны жариялау мүмкін болмады: %1</translation>
    </message>
    <message>
        <source>Revoking %1 and publishing the CRL of %2…</source>
        <translation>%1 кері қайтарып алынып, %2 КТКТ-сы жариялануда…</translation>
    </message>
    <message>
        <source>Revoking %1…</source>
        <translation>%1 кері қайтарып алынуда…</translation>
    </message>
    <message>
        <source>Key &amp;invalid since:</source>
        <translation>Кілттің жарамсыз болған &amp;уақыты:</translation>
    </message>
    <message>
        <source>When the key is known or suspected to have been compromised (written to the CRL as the invalidity date); not after now.</source>
        <translation>Кілттің құпиялылығы бұзылғаны белгілі болған немесе бұзылды деп күдік туған уақыт (КТКТ-ға жарамсыздық күні ретінде жазылады); қазіргі сәттен кейін емес.</translation>
    </message>
    <message>
        <source>&lt;p&gt;The certificate is put &lt;b&gt;on hold&lt;/b&gt;: it is listed in the CRLs from now on until the hold is released (Release hold in the certificate&apos;s details).&lt;/p&gt;</source>
        <translation>&lt;p&gt;Тіркеу куәлігінің қолданылуы &lt;b&gt;тоқтатыла тұрады&lt;/b&gt;: қолданылуы қайта басталғанға дейін ол бұдан былай КТКТ-ларға енгізіледі (тіркеу куәлігі туралы мәліметтердегі «Қолданылуын қайта бастау»).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Key invalid since: %1 (the CRL entry&apos;s invalidity date).&lt;/p&gt;</source>
        <translation>&lt;p&gt;Кілттің жарамсыз болған уақыты: %1 (КТКТ жазбасындағы жарамсыздық күні).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Because the CA is compromised, the full CRL of %1 is &lt;b&gt;published at once&lt;/b&gt; into %2. The CA key passphrase is asked next.&lt;/p&gt;</source>
        <translation>&lt;p&gt;КО кілтінің құпиялылығы бұзылғандықтан, %1 КО-ның толық КТКТ-сы %2 қалтасына &lt;b&gt;бірден жарияланады&lt;/b&gt;. Келесі қадамда КО кілтінің құпия фразасы сұралады.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>— choose the reason —</source>
        <translation>— себебін таңдаңыз —</translation>
    </message>
    <message>
        <source>Choose the reason for the revocation.</source>
        <translation>Кері қайтарып алу себебін таңдаңыз.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::SettingsDialog</name>
    <message>
        <source>national CA</source>
        <translation>ұлттық КО</translation>
    </message>
    <message>
        <source>government bodies CA</source>
        <translation>мемлекеттік органдардың КО</translation>
    </message>
    <message>
        <source>root CA</source>
        <translation>түбірлік КО</translation>
    </message>
    <message>
        <source>Your role (%1) may not %2.</source>
        <translation>Сіздің рөліңізге (%1) рұқсат жоқ: %2.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Баптаулар</translation>
    </message>
    <message>
        <source>CAs</source>
        <translation>КО-лар</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>Операторлар</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>Сақтау мерзімдері</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>Күнтізбе</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Түрі</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Атауы</translation>
    </message>
    <message>
        <source>Full CRL period, hours:</source>
        <translation>Толық КТКТ кезеңі, сағат:</translation>
    </message>
    <message>
        <source>Delta CRL period, hours:</source>
        <translation>Дельта-КТКТ кезеңі, сағат:</translation>
    </message>
    <message>
        <source>CRL distribution point URL:</source>
        <translation>КТКТ тарату нүктесінің URL-і:</translation>
    </message>
    <message>
        <source>Delta CRL (freshest) URL:</source>
        <translation>Дельта-КТКТ (freshest) URL-і:</translation>
    </message>
    <message>
        <source>CA certificate (AIA) URL:</source>
        <translation>КО тіркеу куәлігінің (AIA) URL-і:</translation>
    </message>
    <message>
        <source>Publish folder:</source>
        <translation>Жариялау қалтасы:</translation>
    </message>
    <message>
        <source>absolute path; a CRL is published there at once on key compromise</source>
        <translation>абсолюттік жол; кілттің құпиялылығы бұзылғанда КТКТ сонда бірден жарияланады</translation>
    </message>
    <message>
        <source>&amp;Save CA settings</source>
        <translation>КО баптауларын &amp;сақтау</translation>
    </message>
    <message>
        <source>New CA:</source>
        <translation>Жаңа КО:</translation>
    </message>
    <message>
        <source>code, e.g. NCA-GOST</source>
        <translation>код, мысалы, NCA-GOST</translation>
    </message>
    <message>
        <source>full name</source>
        <translation>толық атауы</translation>
    </message>
    <message>
        <source>&amp;Add CA</source>
        <translation>КО &amp;қосу</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Логин</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Аты-жөні</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Рөлі</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Белсенді</translation>
    </message>
    <message>
        <source>New operator:</source>
        <translation>Жаңа оператор:</translation>
    </message>
    <message>
        <source>login</source>
        <translation>логин</translation>
    </message>
    <message>
        <source>password</source>
        <translation>құпиясөз</translation>
    </message>
    <message>
        <source>Add &amp;operator</source>
        <translation>&amp;Оператор қосу</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>&amp;Өшіру</translation>
    </message>
    <message>
        <source>Reset &amp;password…</source>
        <translation>&amp;Құпиясөзді қайта орнату…</translation>
    </message>
    <message>
        <source>How long records are kept after a certificate ends (revocation or expiry), and the event log after the related certificate&apos;s expiry, per kind of CA.</source>
        <translation>КО түрлері бойынша: тіркеу куәлігінің қолданысы тоқтағаннан кейін (кері қайтарып алынғанда немесе мерзімі өткенде) жазбалардың, ал тиісті тіркеу куәлігінің мерзімі өткеннен кейін оқиғалар журналының қанша уақыт сақталатыны.</translation>
    </message>
    <message>
        <source>Kind of CA</source>
        <translation>КО түрі</translation>
    </message>
    <message>
        <source>Records, years</source>
        <translation>Жазбалар, жыл</translation>
    </message>
    <message>
        <source>Event log, years</source>
        <translation>Оқиғалар журналы, жыл</translation>
    </message>
    <message>
        <source>Save &amp;retention periods</source>
        <translation>Мерзімдерді &amp;сақтау</translation>
    </message>
    <message>
        <source>D&amp;ay:</source>
        <translation>&amp;Күн:</translation>
    </message>
    <message>
        <source>&amp;Working day (unchecked: a day off)</source>
        <translation>&amp;Жұмыс күні (белгіленбесе: демалыс күні)</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Ескертпе:</translation>
    </message>
    <message>
        <source>e.g. decree of 20.12.2025: Jan 3 off, worked on Jan 5</source>
        <translation>мысалы, 20.12.2025 жылғы қаулы: 3 қаңтар — демалыс, 5 қаңтар — жұмыс күні</translation>
    </message>
    <message>
        <source>&amp;Set for this day</source>
        <translation>Осы күнге &amp;орнату</translation>
    </message>
    <message>
        <source>&amp;Clear (built-in rules apply)</source>
        <translation>&amp;Алып тастау (кірістірілген ережелер қолданылады)</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Күн</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>Жұмыс күні</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ескертпе</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>Жа&amp;бу</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>иә</translation>
    </message>
    <message>
        <source>no (disabled)</source>
        <translation>жоқ (өшірілген)</translation>
    </message>
    <message>
        <source>working day</source>
        <translation>жұмыс күні</translation>
    </message>
    <message>
        <source>day off</source>
        <translation>демалыс күні</translation>
    </message>
    <message>
        <source>CA settings</source>
        <translation>КО баптаулары</translation>
    </message>
    <message>
        <source>The settings of the CA %1 are saved.</source>
        <translation>%1 КО баптаулары сақталды.</translation>
    </message>
    <message>
        <source>Add CA</source>
        <translation>КО қосу</translation>
    </message>
    <message>
        <source>The CA %1 is added.</source>
        <translation>%1 КО қосылды.</translation>
    </message>
    <message>
        <source>Add operator</source>
        <translation>Оператор қосу</translation>
    </message>
    <message>
        <source>The operator %1 is added.</source>
        <translation>%1 операторы қосылды.</translation>
    </message>
    <message>
        <source>Disable operator</source>
        <translation>Операторды өшіру</translation>
    </message>
    <message>
        <source>Disable the account %1? It can no longer sign in; its history stays.</source>
        <translation>%1 тіркелгісін өшіресіз бе? Ол бұдан былай жүйеге кіре алмайды; оның тарихы сақталады.</translation>
    </message>
    <message>
        <source>The account %1 is disabled.</source>
        <translation>%1 тіркелгісі өшірілді.</translation>
    </message>
    <message>
        <source>Reset the password of %1</source>
        <translation>%1 құпиясөзін қайта орнату</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>Жаңа құпиясөз:</translation>
    </message>
    <message>
        <source>The same password again:</source>
        <translation>Сол құпиясөзді қайталаңыз:</translation>
    </message>
    <message>
        <source>The two passwords differ; nothing was changed.</source>
        <translation>Екі құпиясөз сәйкес келмейді; ештеңе өзгертілген жоқ.</translation>
    </message>
    <message>
        <source>The password of %1 is reset.</source>
        <translation>%1 құпиясөзі қайта орнатылды.</translation>
    </message>
    <message>
        <source>Retention periods</source>
        <translation>Сақтау мерзімдері</translation>
    </message>
    <message>
        <source>The retention periods are saved.</source>
        <translation>Сақтау мерзімдері сақталды.</translation>
    </message>
    <message>
        <source>%1 is now a %2.</source>
        <translation>%1 енді: %2.</translation>
    </message>
    <message>
        <source>The built-in rules apply to %1 again.</source>
        <translation>%1 үшін қайтадан кірістірілген ережелер қолданылады.</translation>
    </message>
    <message>
        <source>Failed sign-ins</source>
        <translation>Сәтсіз кірулер</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>Бұғаттан &amp;шығару</translation>
    </message>
    <message>
        <source>Clear the failed sign-ins and the lock of the selected login</source>
        <translation>Таңдалған логиннің сәтсіз кірулері мен бұғатын тазалау</translation>
    </message>
    <message>
        <source>Lock a login after failed sign-ins:</source>
        <translation>Сәтсіз кірулерден кейін логинді бұғаттау:</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сақтау</translation>
    </message>
    <message>
        <source>%1 (locked)</source>
        <translation>%1 (бұғатталған)</translation>
    </message>
    <message>
        <source>Unlock operator</source>
        <translation>Операторды бұғаттан шығару</translation>
    </message>
    <message>
        <source>The login %1 is unlocked; its failed sign-ins are cleared.</source>
        <translation>%1 логині бұғаттан шығарылды; оның сәтсіз кірулері тазаланды.</translation>
    </message>
    <message>
        <source>Sign-in lockout</source>
        <translation>Кіруді бұғаттау</translation>
    </message>
    <message>
        <source>A login is now locked after %1 failed sign-ins.</source>
        <translation>Енді логин %1 сәтсіз кіруден кейін бұғатталады.</translation>
    </message>
    <message>
        <source>Legal rules</source>
        <translation>Құқықтық қағидалар</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Қағида</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Мәні</translation>
    </message>
    <message>
        <source>Legal clause</source>
        <translation>Құқықтық акт тармағы</translation>
    </message>
    <message>
        <source>built in</source>
        <translation>кірістірілген</translation>
    </message>
    <message>
        <source>loaded by %1</source>
        <translation>жүктеген: %1</translation>
    </message>
    <message>
        <source>Deadline: %1</source>
        <translation>Мерзім: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n жұмыс күні</numerusform>
            <numerusform>%n жұмыс күні</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n calendar day(s)</source>
        <translation>
            <numerusform>%n күнтізбелік күн</numerusform>
            <numerusform>%n күнтізбелік күн</numerusform>
        </translation>
    </message>
    <message>
        <source>Retention: records of the %1</source>
        <translation>Сақтау мерзімі: %1 жазбалары</translation>
    </message>
    <message numerus="yes">
        <source>at least %n year(s) after termination</source>
        <translation>
            <numerusform>тоқтатылғаннан кейін кемінде %n жыл</numerusform>
            <numerusform>тоқтатылғаннан кейін кемінде %n жыл</numerusform>
        </translation>
    </message>
    <message>
        <source>Retention: event log</source>
        <translation>Сақтау мерзімі: оқиғалар журналы</translation>
    </message>
    <message numerus="yes">
        <source>at least %n year(s) after expiry</source>
        <translation>
            <numerusform>мерзімі өткеннен кейін кемінде %n жыл</numerusform>
            <numerusform>мерзімі өткеннен кейін кемінде %n жыл</numerusform>
        </translation>
    </message>
    <message>
        <source>Validity: %1</source>
        <translation>Жарамдылық мерзімі: %1</translation>
    </message>
    <message>
        <source>key in a file: %1 y; key on a token: %2 y</source>
        <translation>кілт файлда: %1 жыл; кілт токенде: %2 жыл</translation>
    </message>
    <message>
        <source>Required attachments: %1</source>
        <translation>Міндетті қосымшалар: %1</translation>
    </message>
    <message>
        <source>Refusal reason (%1): %2</source>
        <translation>Бас тарту негізі (%1): %2</translation>
    </message>
    <message>
        <source>CA key backup</source>
        <translation>КО кілтінің резервтік көшірмесі</translation>
    </message>
    <message>
        <source>at least %1 of %2 shares</source>
        <translation>%2 үлестің кемінде %1 үлесі</translation>
    </message>
    <message>
        <source>Event-log OID of the CRLs:</source>
        <translation>КТКТ-дағы оқиғалар журналының OID-і:</translation>
    </message>
    <message>
        <source>an OID of the CA&apos;s own arc; each CRL then attests the event log</source>
        <translation>КО-ның өз тармағындағы OID; сонда әр КТКТ оқиғалар журналын куәландырады</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Тіркелім</translation>
    </message>
    <message>
        <source>A backup is a consistent copy of the whole register (SQLite online backup, or pg_dump for PostgreSQL), written to a new file that only you can read; it is recorded in the event log. Keep backups off this computer. A backup is restored into a new register file, checked row by row with its event log; open that file from the sign-in window (Other register…) to work in it.</source>
        <translation>Сақтық көшірме — бүкіл тіркелімнің үйлесімді көшірмесі (SQLite онлайн көшірмесі немесе PostgreSQL үшін pg_dump), тек сіз оқи алатын жаңа файлға жазылады; ол оқиғалар журналына тіркеледі. Сақтық көшірмелерді осы компьютерден тыс сақтаңыз. Сақтық көшірме жаңа тіркелім файлына қалпына келтіріліп, оқиғалар журналымен жол-жолымен тексеріледі; онда жұмыс істеу үшін ол файлды кіру терезесінен ашыңыз (Басқа тіркелім…).</translation>
    </message>
    <message>
        <source>&amp;Back up the register…</source>
        <translation>Тіркелімнің сақтық көшірмесін &amp;жасау…</translation>
    </message>
    <message>
        <source>&amp;Restore a backup to a new register file…</source>
        <translation>Сақтық көшірмені жаңа тіркелім файлына &amp;қалпына келтіру…</translation>
    </message>
    <message>
        <source>Set up &amp;key…</source>
        <translation>&amp;Кілтті баптау…</translation>
    </message>
    <message>
        <source>Make the CA&apos;s key: a self-signed root certificate, or a request to the parent CA</source>
        <translation>КО кілтін жасау: өзі қол қойған түбірлік куәлік немесе аталық КО-ға сұрау</translation>
    </message>
    <message>
        <source>&amp;Import certificate…</source>
        <translation>Куәлікті &amp;импорттау…</translation>
    </message>
    <message>
        <source>Store the certificate the parent CA issued for the key waiting for it</source>
        <translation>Аталық КО күтіп тұрған кілтке берген куәлікті сақтау</translation>
    </message>
    <message>
        <source>Back up key…</source>
        <translation>Кілттің сақтық көшірмесі…</translation>
    </message>
    <message>
        <source>Encrypted copy of the CA key with one share per custodian</source>
        <translation>Әр сақтаушыға бір үлесі бар КО кілтінің шифрланған көшірмесі</translation>
    </message>
    <message>
        <source>Restore key…</source>
        <translation>Кілтті қалпына келтіру…</translation>
    </message>
    <message>
        <source>A new key file from the backup and enough custodians&apos; shares</source>
        <translation>Сақтық көшірме мен жеткілікті сақтаушылар үлестерінен жаңа кілт файлы</translation>
    </message>
    <message>
        <source>Change &amp;role</source>
        <translation>&amp;Рөлді өзгерту</translation>
    </message>
    <message>
        <source>Key and certificate</source>
        <translation>Кілт пен куәлік</translation>
    </message>
    <message>
        <source>OCSP responder URL:</source>
        <translation>OCSP жауап берушісінің URL-і:</translation>
    </message>
    <message>
        <source>Certificate policy (CPS) URL:</source>
        <translation>Куәлік саясатының (CPS) URL-і:</translation>
    </message>
    <message>
        <source>key on a PKCS#11 token</source>
        <translation>PKCS#11 токеніндегі кілт</translation>
    </message>
    <message>
        <source>key in a file</source>
        <translation>файлдағы кілт</translation>
    </message>
    <message>
        <source>Rules file %1 (%2), edition %3 in force from %4. An administrator loads a new file with the command rules load FILE.</source>
        <translation>Ережелер файлы %1 (%2), %3 редакциясы %4 бастап күшінде. Әкімші жаңа файлды rules load FILE командасымен жүктейді.</translation>
    </message>
    <message>
        <source>Key of the CA %1: %2</source>
        <translation>%1 КО кілті: %2</translation>
    </message>
    <message>
        <source>No CA yet: add one below, then set up its key.</source>
        <translation>Әлі КО жоқ: төменде қосыңыз, содан кейін оның кілтін баптаңыз.</translation>
    </message>
    <message>
        <source>Import the certificate of the CA %1</source>
        <translation>%1 КО куәлігін импорттау</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer *.der)</source>
        <translation>Куәліктер (*.pem *.crt *.cer *.der)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 оқылмайды: %2</translation>
    </message>
    <message>
        <source>The CA %1 can now sign: certificate %2 valid until %3.</source>
        <translation>%1 КО енді қол қоя алады: %2 куәлігі %3 дейін жарамды.</translation>
    </message>
    <message>
        <source>Issued by the CA %1 of this register.</source>
        <translation>Осы тіркелімнің %1 КО-сы берген.</translation>
    </message>
    <message>
        <source>Change the role of %1</source>
        <translation>%1 рөлін өзгерту</translation>
    </message>
    <message>
        <source>Give %1 the role %2? A session of %1 that is open now ends.</source>
        <translation>%1 үшін %2 рөлін беру керек пе? %1 қазір ашық сеансы аяқталады.</translation>
    </message>
    <message>
        <source>%1 now has the role %2.</source>
        <translation>%1 енді %2 рөліне ие.</translation>
    </message>
    <message>
        <source>Back up the register</source>
        <translation>Тіркелімнің сақтық көшірмесі</translation>
    </message>
    <message>
        <source>Register backups (*.sqlite *.dump)</source>
        <translation>Тіркелімнің сақтық көшірмелері (*.sqlite *.dump)</translation>
    </message>
    <message>
        <source>The register is backed up to %1 (%2 bytes).</source>
        <translation>Тіркелімнің сақтық көшірмесі %1 ішіне жасалды (%2 байт).</translation>
    </message>
    <message>
        <source>Restore a register backup</source>
        <translation>Тіркелімнің сақтық көшірмесін қалпына келтіру</translation>
    </message>
    <message>
        <source>Register backups (*.sqlite *.dump);;All files (*)</source>
        <translation>Тіркелімнің сақтық көшірмелері (*.sqlite *.dump);;Барлық файлдар (*)</translation>
    </message>
    <message>
        <source>New register file for the restored backup</source>
        <translation>Қалпына келтірілген көшірмеге арналған жаңа тіркелім файлы</translation>
    </message>
    <message>
        <source>Registers (*.sqlite)</source>
        <translation>Тіркелімдер (*.sqlite)</translation>
    </message>
    <message>
        <source>%1 already exists; a backup is restored into a new file only.</source>
        <translation>%1 бар; сақтық көшірме тек жаңа файлға қалпына келтіріледі.</translation>
    </message>
    <message>
        <source>Your password (%1) as an administrator of the backup:</source>
        <translation>Сақтық көшірменің әкімшісі ретіндегі құпиясөзіңіз (%1):</translation>
    </message>
    <message>
        <source>The backup %1 is restored into %2: %3 rows and %4 events checked. Open it from the sign-in window (Other register…).</source>
        <translation>%1 сақтық көшірмесі %2 ішіне қалпына келтірілді: %3 жол және %4 оқиға тексерілді. Оны кіру терезесінен ашыңыз (Басқа тіркелім…).</translation>
    </message>
    <message>
        <source>Backing up the register to %1…</source>
        <translation>Тізілім %1 ішіне сақтық көшірмеге алынуда…</translation>
    </message>
    <message>
        <source>Restoring the backup into %1…</source>
        <translation>Сақтық көшірме %1 ішіне қалпына келтірілуде…</translation>
    </message>
    <message>
        <source>Key backups…</source>
        <translation>Кілттің резервтік көшірмелері…</translation>
    </message>
    <message>
        <source>The CA key&apos;s backups as recorded; print a hand-over record again</source>
        <translation>КО кілтінің жазылған резервтік көшірмелері; беру актісін қайта басу</translation>
    </message>
    <message>
        <source>The rules file %1, loaded by %2, takes effect on %3; until then the file above applies.</source>
        <translation>%2 жүктеген %1 ережелер файлы %3 бастап күшіне енеді; оған дейін жоғарыдағы файл қолданылады.</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::SignInDialog</name>
    <message>
        <source>Tirkeu — sign in</source>
        <translation>Tirkeu — жүйеге кіру</translation>
    </message>
    <message>
        <source>Register: %1</source>
        <translation>Тіркелім: %1</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Логин:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Құпиясөз:</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Кіру</translation>
    </message>
    <message>
        <source>Sign in with your operator account.</source>
        <translation>Оператор тіркелгіңізбен жүйеге кіріңіз.</translation>
    </message>
    <message>
        <source>Other &amp;register…</source>
        <translation>Басқа &amp;тіркелім…</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::TodayPage</name>
    <message>
        <source>Today, %1</source>
        <translation>Бүгін, %1</translation>
    </message>
    <message>
        <source>Nothing is due today. New work appears here as it arrives (F5 reads the register again).</source>
        <translation>Бүгін орындалатын ештеңе жоқ. Жаңа жұмыс келгенде осында шығады (F5 тіркелімді қайта оқиды).</translation>
    </message>
    <message>
        <source>Choose the audit anchor folder…</source>
        <translation>Аудит анкерлерінің қалтасын таңдау…</translation>
    </message>
    <message>
        <source>Anchor folder: %1</source>
        <translation>Анкерлер қалтасы: %1</translation>
    </message>
    <message>
        <source>The folder the scheduled job publishes signed audit anchors into; the days not yet published there are counted here.</source>
        <translation>Жоспарланған тапсырма қол қойылған аудит анкерлерін жариялайтын қалта; онда әлі жарияланбаған күндер осында саналады.</translation>
    </message>
    <message>
        <source>Audit anchor folder</source>
        <translation>Аудит анкерлерінің қалтасы</translation>
    </message>
    <message>
        <source>Open the list</source>
        <translation>Тізімді ашу</translation>
    </message>
    <message>
        <source>The scheduled job writes the signed anchors into %1; the days counted are not there yet.</source>
        <translation>Жоспарланған тапсырма қол қойылған анкерлерді %1 қалтасына жазады; саналған күндер онда әлі жоқ.</translation>
    </message>
</context>
<context>
    <name>tirkeu::ocsp::OcspConfig</name>
    <message>
        <source>%1:%2: %3</source>
        <translation>%1:%2: %3</translation>
    </message>
    <message>
        <source>the CA %1 has a second section</source>
        <translation>%1 КО-ның екінші бөлімі бар</translation>
    </message>
    <message>
        <source>not a [section] or key = value: %1</source>
        <translation>[бөлім] де, кілт = мән де емес: %1</translation>
    </message>
    <message>
        <source>port is 0 to 65535</source>
        <translation>port 0-ден 65535-ке дейін</translation>
    </message>
    <message>
        <source>threads is 1 to 256</source>
        <translation>threads 1-ден 256-ға дейін</translation>
    </message>
    <message>
        <source>max_body_bytes is 64 to 16777216</source>
        <translation>max_body_bytes 64-тен 16777216-ға дейін</translation>
    </message>
    <message>
        <source>max_certificates is 1 to 1000</source>
        <translation>max_certificates 1-ден 1000-ға дейін</translation>
    </message>
    <message>
        <source>next_update_minutes is 1 to 10080</source>
        <translation>next_update_minutes 1-ден 10080-ге дейін</translation>
    </message>
    <message>
        <source>cache_seconds is 0 to 86400</source>
        <translation>cache_seconds 0-ден 86400-ге дейін</translation>
    </message>
    <message>
        <source>cache_entries is 0 to 100000000</source>
        <translation>cache_entries 0-ден 100000000-ға дейін</translation>
    </message>
    <message>
        <source>poll_ms is 100 to 60000</source>
        <translation>poll_ms 100-ден 60000-ға дейін</translation>
    </message>
    <message>
        <source>connection_limit is 1 to 100000</source>
        <translation>connection_limit 1-ден 100000-ға дейін</translation>
    </message>
    <message>
        <source>connection_timeout_seconds is 1 to 3600</source>
        <translation>connection_timeout_seconds 1-ден 3600-ге дейін</translation>
    </message>
    <message>
        <source>log_requests is true or false</source>
        <translation>log_requests — true немесе false</translation>
    </message>
    <message>
        <source>unknown setting %1 in [responder]</source>
        <translation>[responder] ішінде белгісіз %1 параметрі</translation>
    </message>
    <message>
        <source>unknown setting %1 in [ca %2]</source>
        <translation>[ca %2] ішінде белгісіз %1 параметрі</translation>
    </message>
    <message>
        <source>%1 outside a section ([responder] or [ca CODE])</source>
        <translation>%1 бөлімнен тыс ([responder] немесе [ca CODE])</translation>
    </message>
    <message>
        <source>%1: [ca %2] needs key = … and secret_file = ….</source>
        <translation>%1: [ca %2] үшін key = … және secret_file = … қажет.</translation>
    </message>
    <message>
        <source>per_address_connection_limit is 0 to 100000</source>
        <translation>per_address_connection_limit 0-ден 100000-ға дейін</translation>
    </message>
    <message>
        <source>request_timeout_seconds is 1 to 3600</source>
        <translation>request_timeout_seconds 1-ден 3600-ге дейін</translation>
    </message>
    <message>
        <source>%1 holds the register&apos;s password (register =) but other users can read or change it: make it readable by root and the service group only (chmod 0640 %1), or keep the password in the service user&apos;s ~/.pgpass.</source>
        <translation>%1 ішінде тіркелімнің құпия сөзі бар (register =), бірақ оны басқа пайдаланушылар оқи немесе өзгерте алады: оны тек root пен қызмет тобы оқитындай етіңіз (chmod 0640 %1) немесе құпия сөзді қызмет пайдаланушысының ~/.pgpass ішінде сақтаңыз.</translation>
    </message>
</context>
<context>
    <name>tirkeu::ocsp::OcspHttpServer</name>
    <message>
        <source>listen = %1 is not an IPv4 or IPv6 address.</source>
        <translation>listen = %1 — IPv4 немесе IPv6 мекенжайы емес.</translation>
    </message>
    <message>
        <source>Cannot listen on %1 port %2 (in use, or no permission).</source>
        <translation>%1 мекенжайының %2 портын тыңдау мүмкін емес (бос емес немесе рұқсат жоқ).</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::AuditSignature</name>
    <message>
        <source>The audit public key cannot be read: %1</source>
        <translation>Аудит ашық кілтін оқу мүмкін емес: %1</translation>
    </message>
    <message>
        <source>The audit key must be an RSA or EC key.</source>
        <translation>Аудит кілті RSA немесе EC кілті болуы тиіс.</translation>
    </message>
    <message>
        <source>Cannot check the signature: %1</source>
        <translation>Қолтаңбаны тексеру мүмкін емес: %1</translation>
    </message>
    <message>
        <source>The signature does not verify with the audit key.</source>
        <translation>Қолтаңба аудит кілтімен расталмайды.</translation>
    </message>
    <message>
        <source>This is not a public key (PEM &quot;PUBLIC KEY&quot; or DER).</source>
        <translation>Бұл ашық кілт емес (PEM «PUBLIC KEY» немесе DER).</translation>
    </message>
    <message>
        <source>Cannot encode the public key: %1</source>
        <translation>Ашық кілтті кодтау мүмкін емес: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::CaCertificateCheck</name>
    <message>
        <source>The certificate is signed with %1: a CA certificate is signed with SHA-256 or stronger (SHA-1 and MD5 signatures can be forged).</source>
        <translation>Тіркеу куәлігіне %1 арқылы қол қойылған: куәландырушы орталықтың тіркеу куәлігіне SHA-256 немесе одан күшті алгоритммен қол қойылады (SHA-1 және MD5 қолтаңбаларын жасауға болады).</translation>
    </message>
    <message>
        <source>The data is not an X.509 certificate in PEM or DER form.</source>
        <translation>Деректер PEM немесе DER түріндегі X.509 тіркеу куәлігі емес.</translation>
    </message>
    <message>
        <source>The certificate&apos;s extensions cannot be decoded.</source>
        <translation>Тіркеу куәлігінің кеңейтімдерін декодтау мүмкін емес.</translation>
    </message>
    <message>
        <source>The certificate is not a CA certificate (basicConstraints CA:TRUE).</source>
        <translation>Тіркеу куәлігі КО тіркеу куәлігі емес (basicConstraints CA:TRUE).</translation>
    </message>
    <message>
        <source>The certificate&apos;s basicConstraints (CA:TRUE) is not marked critical (RFC 5280, 4.2.1.9).</source>
        <translation>Тіркеу куәлігінің basicConstraints (CA:TRUE) кеңейтімі сыни деп белгіленбеген (RFC 5280, 4.2.1.9).</translation>
    </message>
    <message>
        <source>The certificate&apos;s keyUsage does not allow keyCertSign and cRLSign: the CA could sign neither certificates nor CRLs (RFC 5280, 4.2.1.3).</source>
        <translation>Тіркеу куәлігінің keyUsage кеңейтімі keyCertSign және cRLSign рұқсат бермейді: куәландырушы орталық тіркеу куәліктеріне де, КТКТ-ға да қол қоя алмас еді (RFC 5280, 4.2.1.3).</translation>
    </message>
    <message>
        <source>The certificate carries name constraints: the register&apos;s CAs issue without them.</source>
        <translation>Тіркеу куәлігінде атау шектеулері (nameConstraints) бар: тіркелімнің куәландырушы орталықтары оларсыз береді.</translation>
    </message>
    <message>
        <source>The certificate carries the critical extension %1, which is not processed here: no certificate this CA issued would verify.</source>
        <translation>Тіркеу куәлігінде мұнда өңделмейтін %1 сыни кеңейтімі бар: бұл куәландырушы орталық берген бірде-бір тіркеу куәлігі тексеруден өтпес еді.</translation>
    </message>
    <message>
        <source>The certificate&apos;s serial number is not a positive number of at most 20 octets (RFC 5280, 4.1.2.2).</source>
        <translation>Тіркеу куәлігінің сериялық нөмірі ең көбі 20 октеттен тұратын оң сан емес (RFC 5280, 4.1.2.2).</translation>
    </message>
    <message>
        <source>The certificate is valid from %1 to %2, beyond its issuer&apos;s certificate (%3 to %4): a CA certificate never outlives its issuer&apos;s.</source>
        <translation>Тіркеу куәлігі %1 бастап %2 дейін жарамды, бұл берушінің тіркеу куәлігінен (%3 – %4) асып түседі: куәландырушы орталықтың тіркеу куәлігі ешқашан берушісінікінен ұзақ жарамды болмайды.</translation>
    </message>
    <message>
        <source>The issuer&apos;s certificate is not a CA certificate (basicConstraints CA:TRUE).</source>
        <translation>Берушінің тіркеу куәлігі КО тіркеу куәлігі емес (basicConstraints CA:TRUE).</translation>
    </message>
    <message>
        <source>The issuer&apos;s key is refused: %1</source>
        <translation>Берушінің кілті қабылданбайды: %1</translation>
    </message>
    <message>
        <source>The issuer&apos;s certificate is refused: %1</source>
        <translation>Берушінің тіркеу куәлігі қабылданбайды: %1</translation>
    </message>
    <message>
        <source>The issuer&apos;s certificate is not valid now: its validity ends before it begins (%1 to %2).</source>
        <translation>Шығарушының сертификаты қазір жарамсыз: оның жарамдылық мерзімі басталмай тұрып аяқталады (%1 – %2).</translation>
    </message>
    <message>
        <source>The issuer&apos;s certificate is not valid now (%1 to %2): every certificate this CA issued would fail validation.</source>
        <translation>Шығарушының сертификаты қазір жарамсыз (%1 – %2): осы КО шығарған әрбір сертификат тексеруден өтпейді.</translation>
    </message>
    <message>
        <source>the certificate of %1</source>
        <translation>%1 сертификаты</translation>
    </message>
    <message>
        <source>%1 has basicConstraints pathlen:%2, room for %2 CA certificate(s) below it; this CA&apos;s certificate would be number %3 below it and its own pathlen:%4 asks room for %4 more. Every certificate this CA issued would fail validation (&quot;path length constraint exceeded&quot;).</source>
        <translation>%1 ішінде basicConstraints pathlen:%2, одан төмен %2 КО сертификатына орын бар; осы КО сертификаты одан төмен %3-ші болар еді, ал оның өз pathlen:%4 тағы %4 орын сұрайды. Осы КО шығарған әрбір сертификат тексеруден өтпейді («path length constraint exceeded»).</translation>
    </message>
    <message>
        <source>%1 has basicConstraints pathlen:%2, room for %2 CA certificate(s) below it; this CA&apos;s certificate would be number %3 below it. Every certificate this CA issued would fail validation (&quot;path length constraint exceeded&quot;).</source>
        <translation>%1 ішінде basicConstraints pathlen:%2, одан төмен %2 КО сертификатына орын бар; осы КО сертификаты одан төмен %3-ші болар еді. Осы КО шығарған әрбір сертификат тексеруден өтпейді («path length constraint exceeded»).</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::CaKey</name>
    <message>
        <source>The CA key %1 cannot be used: %2</source>
        <translation>%1 КО кілтін пайдалану мүмкін емес: %2</translation>
    </message>
    <message>
        <source>No CA key file given.</source>
        <translation>КО кілтінің файлы көрсетілмеген.</translation>
    </message>
    <message>
        <source>Cannot read the CA key file %1: %2</source>
        <translation>%1 КО кілті файлын оқу мүмкін емес: %2</translation>
    </message>
    <message>
        <source>%1 is not an encrypted PKCS#8 key (&quot;ENCRYPTED PRIVATE KEY&quot;); a CA key must never be kept in clear.</source>
        <translation>%1 — шифрланған PKCS#8 кілті емес (&quot;ENCRYPTED PRIVATE KEY&quot;); КО кілтін ешқашан ашық күйде сақтауға болмайды.</translation>
    </message>
    <message>
        <source>No private key.</source>
        <translation>Жабық кілт жоқ.</translation>
    </message>
    <message>
        <source>The private key cannot be exported (a key on a token or HSM stays there): %1</source>
        <translation>Жабық кілтті экспорттау мүмкін емес (токендегі немесе HSM-дегі кілт сол жерде қалады): %1</translation>
    </message>
    <message>
        <source>no key</source>
        <translation>кілт жоқ</translation>
    </message>
    <message>
        <source>the exported private value does not match the public key</source>
        <translation>экспортталған жабық мән ашық кілтке сәйкес келмейді</translation>
    </message>
    <message>
        <source>No private key to write.</source>
        <translation>Жазылатын жабық кілт жоқ.</translation>
    </message>
    <message>
        <source>A CA key file needs a passphrase.</source>
        <translation>КО кілті файлына құпия фраза қажет.</translation>
    </message>
    <message>
        <source>The scrypt cost N=2^%1, r=%2, p=%3 is out of range.</source>
        <translation>scrypt параметрлері N=2^%1, r=%2, p=%3 рұқсат етілген ауқымнан тыс.</translation>
    </message>
    <message>
        <source>The scrypt cost N=2^%1, r=%2 needs %3 MiB; OpenSSL reads back at most 32 MiB.</source>
        <translation>scrypt параметрлері N=2^%1, r=%2 үшін %3 MiB қажет; OpenSSL кері оқығанда ең көбі 32 MiB пайдаланады.</translation>
    </message>
    <message>
        <source>The random generator failed: %1</source>
        <translation>Кездейсоқ сандар генераторы істен шықты: %1</translation>
    </message>
    <message>
        <source>Cannot set up scrypt encryption: %1</source>
        <translation>scrypt шифрлауын баптау мүмкін емес: %1</translation>
    </message>
    <message>
        <source>Cannot encrypt the private key: %1</source>
        <translation>Жабық кілтті шифрлау мүмкін емес: %1</translation>
    </message>
    <message>
        <source>Cannot encode the encrypted key: %1</source>
        <translation>Шифрланған кілтті кодтау мүмкін емес: %1</translation>
    </message>
    <message>
        <source>Not an encrypted PKCS#8 private key: %1</source>
        <translation>Шифрланған PKCS#8 жабық кілті емес: %1</translation>
    </message>
    <message>
        <source>Wrong passphrase, or the key file is damaged.</source>
        <translation>Құпия фраза қате немесе кілт файлы зақымдалған.</translation>
    </message>
    <message>
        <source>The decrypted private key cannot be read: %1</source>
        <translation>Шифры ашылған жабық кілтті оқу мүмкін емес: %1</translation>
    </message>
    <message>
        <source>%1 already exists; it is not overwritten.</source>
        <translation>%1 бұрыннан бар; ол қайта жазылмайды.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>%1 қалтасын құру мүмкін емес.</translation>
    </message>
    <message>
        <source>Cannot create %1: %2</source>
        <translation>%1 файлын құру мүмкін емес: %2</translation>
    </message>
    <message>
        <source>Cannot write %1: %2 (%3)</source>
        <translation>%1 файлына жазу мүмкін емес: %2 (%3)</translation>
    </message>
    <message>
        <source>write failed</source>
        <translation>жазу сәтсіз аяқталды</translation>
    </message>
    <message>
        <source>fsync failed</source>
        <translation>fsync сәтсіз аяқталды</translation>
    </message>
    <message>
        <source>close failed</source>
        <translation>жабу сәтсіз аяқталды</translation>
    </message>
    <message>
        <source>the file appeared meanwhile</source>
        <translation>файл осы аралықта пайда болды</translation>
    </message>
    <message>
        <source>rename failed</source>
        <translation>атын өзгерту сәтсіз аяқталды</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::Certificate</name>
    <message>
        <source>The data is not an X.509 certificate in PEM or DER form.</source>
        <translation>Деректер PEM немесе DER түріндегі X.509 тіркеу куәлігі емес.</translation>
    </message>
    <message>
        <source>The certificate cannot be encoded: %1</source>
        <translation>Тіркеу куәлігін кодтау мүмкін емес: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::CertificateBuilder</name>
    <message>
        <source>&quot;%1&quot; is not a usable URL (http, https or ldap; ASCII, no spaces or commas).</source>
        <translation>«%1» — жарамды URL емес (http, https немесе ldap; тек ASCII, бос орынсыз және үтірсіз).</translation>
    </message>
    <message>
        <source>The CA key must be an RSA or EC key.</source>
        <translation>КО кілті RSA немесе EC кілті болуы тиіс.</translation>
    </message>
    <message>
        <source>The issuer certificate is not a CA certificate.</source>
        <translation>Берушінің тіркеу куәлігі КО тіркеу куәлігі емес.</translation>
    </message>
    <message>
        <source>The certificate would outlive its CA certificate (valid until %1).</source>
        <translation>Тіркеу куәлігінің мерзімі КО тіркеу куәлігінің мерзімінен асып кетеді (КО тіркеу куәлігі %1 дейін жарамды).</translation>
    </message>
    <message>
        <source>Out of memory or no random numbers.</source>
        <translation>Жад жетпейді немесе кездейсоқ сандар алынбады.</translation>
    </message>
    <message>
        <source>Cannot fill in the certificate: %1</source>
        <translation>Тіркеу куәлігін толтыру мүмкін емес: %1</translation>
    </message>
    <message>
        <source>Cannot add the certificate extensions: %1</source>
        <translation>Тіркеу куәлігінің кеңейтімдерін қосу мүмкін емес: %1</translation>
    </message>
    <message>
        <source>Signing the certificate failed: %1</source>
        <translation>Тіркеу куәлігіне қол қою сәтсіз аяқталды: %1</translation>
    </message>
    <message>
        <source>The CA key does not belong to the issuing CA certificate.</source>
        <translation>КО кілті беруші КО-ның тіркеу куәлігіне тиесілі емес.</translation>
    </message>
    <message>
        <source>Cannot encode the certificate: %1</source>
        <translation>Тіркеу куәлігін кодтау мүмкін емес: %1</translation>
    </message>
    <message>
        <source>A holder profile needs a person&apos;s subject name.</source>
        <translation>Иеленуші бейіні үшін тұлға субъектісінің атауы қажет.</translation>
    </message>
    <message>
        <source>The profile &quot;%1&quot; needs the organisation and its BIN.</source>
        <translation>«%1» бейіні үшін ұйым және оның БСН-і қажет.</translation>
    </message>
    <message>
        <source>The profile &quot;%1&quot; is for individuals; the subject must not name an organisation.</source>
        <translation>«%1» бейіні жеке тұлғаларға арналған; субъектіде ұйым көрсетілмеуі тиіс.</translation>
    </message>
    <message>
        <source>A root CA certificate is self-signed: no issuer.</source>
        <translation>Түбірлік КО-ның тіркеу куәлігі өзі қол қойылған болады: беруші көрсетілмейді.</translation>
    </message>
    <message>
        <source>The issuing CA certificate is missing.</source>
        <translation>Беруші КО-ның тіркеу куәлігі жоқ.</translation>
    </message>
    <message>
        <source>The validity period is empty or invalid.</source>
        <translation>Әрекет ету мерзімі бос немесе жарамсыз.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a usable e-mail address.</source>
        <translation>«%1» — жарамды электрондық пошта мекенжайы емес.</translation>
    </message>
    <message>
        <source>The serial number must be positive, non-zero and at most 20 bytes long.</source>
        <translation>Сериялық нөмір оң, нөлден өзгеше және ұзындығы 20 байттан аспайтын болуы тиіс.</translation>
    </message>
    <message>
        <source>A CA or OCSP responder profile needs a CA subject name.</source>
        <translation>КО немесе OCSP жауап берушісі бейіні үшін КО субъектісінің атауы қажет.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a policy OID (dotted digits, e.g. 1.2.398.3.3.2.1).</source>
        <translation>«%1» саясат OID-і емес (нүктемен бөлінген цифрлар, мысалы 1.2.398.3.3.2.1).</translation>
    </message>
    <message>
        <source>Only a subordinate CA&apos;s certificate takes configured policies; the profile &quot;%1&quot; has its own.</source>
        <translation>Бапталған саясаттарды тек бағынышты КО-ның тіркеу куәлігі қабылдайды; «%1» бейінінің өз саясаттары бар.</translation>
    </message>
    <message>
        <source>The certificate would begin before its CA certificate (valid from %1): check the clock of this machine.</source>
        <translation>Тіркеу куәлігі КО сертификатынан (%1 бастап жарамды) бұрын қолданыла бастар еді: осы компьютердің сағатын тексеріңіз.</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::CmsSign</name>
    <message>
        <source>A certificate and its key are needed to sign.</source>
        <translation>Қол қою үшін тіркеу куәлігі және оның кілті қажет.</translation>
    </message>
    <message>
        <source>Cannot sign the content: %1</source>
        <translation>Мазмұнға қол қою мүмкін емес: %1</translation>
    </message>
    <message>
        <source>Cannot encode the signed content: %1</source>
        <translation>Қол қойылған мазмұнды кодтау мүмкін емес: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::CmsVerify</name>
    <message>
        <source>The data is not a CMS/PKCS#7 signed message in DER or PEM form.</source>
        <translation>Деректер DER немесе PEM түріндегі қол қойылған CMS/PKCS#7 хабары емес.</translation>
    </message>
    <message>
        <source>The CMS message is not signed data.</source>
        <translation>CMS хабары қол қойылған деректер (signed data) емес.</translation>
    </message>
    <message>
        <source>The signed message does not contain the signed content.</source>
        <translation>Қол қойылған хабарда қол қойылған мазмұн жоқ.</translation>
    </message>
    <message>
        <source>The message must have exactly one signer, not %1.</source>
        <translation>Хабарда дәл бір қол қоюшы болуы тиіс, %1 емес.</translation>
    </message>
    <message>
        <source>The signature of the message does not verify: %1</source>
        <translation>Хабардың қолтаңбасы тексеруден өтпеді: %1</translation>
    </message>
    <message>
        <source>The signer&apos;s certificate is not in the message.</source>
        <translation>Қол қоюшының тіркеу куәлігі хабарда жоқ.</translation>
    </message>
    <message>
        <source>The certificates cannot be read: %1</source>
        <translation>Тіркеу куәліктерін оқу мүмкін емес: %1</translation>
    </message>
    <message>
        <source>The signer&apos;s certificate was not issued by the CA &quot;%1&quot;.</source>
        <translation>Қол қоюшының тіркеу куәлігін «%1» КО бермеген.</translation>
    </message>
    <message>
        <source>The signature of the signer&apos;s certificate does not verify with the CA &quot;%1&quot;.</source>
        <translation>Қол қоюшының тіркеу куәлігіндегі қолтаңба «%1» КО арқылы тексеруден өтпеді.</translation>
    </message>
    <message>
        <source>The signer&apos;s certificate is not valid at %1 (valid from %2 to %3).</source>
        <translation>Қол қоюшының тіркеу куәлігі %1 кезінде жарамсыз (%2 бастап %3 дейін жарамды).</translation>
    </message>
    <message>
        <source>The message is signed with the weak digest %1; sign it with SHA-256 or stronger.</source>
        <translation>Хабарламаға әлсіз %1 дайджестімен қол қойылған; оған SHA-256 немесе одан күштірек дайджестпен қол қойыңыз.</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(белгісіз)</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::CrlNumber</name>
    <message>
        <source>The file is not a CRL.</source>
        <translation>Файл КТКТ емес.</translation>
    </message>
    <message>
        <source>The CRL number is too large.</source>
        <translation>КТКТ нөмірі тым үлкен.</translation>
    </message>
    <message>
        <source>%1 changed while it was read.</source>
        <translation>%1 оқылып жатқанда өзгерді.</translation>
    </message>
    <message>
        <source>Not enough memory to read %1.</source>
        <translation>%1 оқуға жад жеткіліксіз.</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::CrlReader</name>
    <message>
        <source>This is not a CRL (DER or PEM).</source>
        <translation>Бұл КТКТ емес (DER немесе PEM).</translation>
    </message>
    <message>
        <source>The CRL has no CRL number.</source>
        <translation>КТКТ-да КТКТ нөмірі жоқ.</translation>
    </message>
    <message>
        <source>The CA certificate cannot be read.</source>
        <translation>КО сертификатын оқу мүмкін емес.</translation>
    </message>
    <message>
        <source>The CRL&apos;s signature does not verify with the CA certificate.</source>
        <translation>КТКТ қолтаңбасы КО сертификатымен расталмайды.</translation>
    </message>
    <message>
        <source>Cannot encode the certificate&apos;s subject.</source>
        <translation>Сертификат субъектісін кодтау мүмкін емес.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an OID.</source>
        <translation>«%1» — OID емес.</translation>
    </message>
    <message>
        <source>The CRL&apos;s event-log head is malformed.</source>
        <translation>КТКТ-дағы оқиғалар журналының басы бүлінген.</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::CrlWriter</name>
    <message>
        <source>No CA certificate or CA key to sign the CRL with.</source>
        <translation>КТКТ-ға қол қоюға арналған КО тіркеу куәлігі немесе КО кілті жоқ.</translation>
    </message>
    <message>
        <source>The CA certificate does not allow signing CRLs (no cRLSign).</source>
        <translation>КО тіркеу куәлігі КТКТ-ға қол қоюға рұқсат бермейді (cRLSign жоқ).</translation>
    </message>
    <message>
        <source>The CA key does not belong to the CA certificate.</source>
        <translation>КО кілті КО тіркеу куәлігіне тиесілі емес.</translation>
    </message>
    <message>
        <source>The CRL&apos;s next update must come after its this-update time.</source>
        <translation>КТКТ-ның келесі жаңарту уақыты (nextUpdate) ағымдағы шығару уақытынан (thisUpdate) кейін болуы тиіс.</translation>
    </message>
    <message>
        <source>A delta CRL&apos;s number must be greater than its base CRL&apos;s number.</source>
        <translation>Дельта-КТКТ нөмірі оның базалық КТКТ нөмірінен үлкен болуы тиіс.</translation>
    </message>
    <message>
        <source>A delta CRL must not carry a freshest-CRL pointer.</source>
        <translation>Дельта-КТКТ-да freshest CRL сілтемесі болмауы тиіс.</translation>
    </message>
    <message>
        <source>Cannot encode the freshest-CRL URL &quot;%1&quot;: %2</source>
        <translation>freshest CRL URL мекенжайын («%1») кодтау мүмкін емес: %2</translation>
    </message>
    <message>
        <source>Cannot encode the CRL header: %1</source>
        <translation>КТКТ тақырыбын кодтау мүмкін емес: %1</translation>
    </message>
    <message>
        <source>Revoked entry %1: the serial number is longer than 20 bytes.</source>
        <translation>Кері қайтарып алынған %1-жазба: сериялық нөмір 20 байттан ұзын.</translation>
    </message>
    <message>
        <source>Revoked entry %1: the revocation time is out of range.</source>
        <translation>Кері қайтарып алынған %1-жазба: кері қайтарып алу уақыты рұқсат етілген ауқымнан тыс.</translation>
    </message>
    <message>
        <source>Revoked entry %1: the reason code %2 is not allowed in this CRL.</source>
        <translation>Кері қайтарып алынған %1-жазба: %2 себеп коды бұл КТКТ-да рұқсат етілмеген.</translation>
    </message>
    <message>
        <source>The CRL would exceed 4 GB.</source>
        <translation>КТКТ көлемі 4 ГБ-тан асып кетеді.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a usable CRL file name.</source>
        <translation>«%1» — КТКТ файлына жарамды атау емес.</translation>
    </message>
    <message>
        <source>Cannot create the directory %1.</source>
        <translation>%1 каталогын құру мүмкін емес.</translation>
    </message>
    <message>
        <source>Cannot hash the CRL: %1</source>
        <translation>КТКТ хэшін есептеу мүмкін емес: %1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 файлына жазу мүмкін емес: %2</translation>
    </message>
    <message>
        <source>The CA certificate has no usable public key.</source>
        <translation>КО тіркеу куәлігінде пайдалануға жарамды ашық кілт жоқ.</translation>
    </message>
    <message>
        <source>Cannot rename %1 to %2: %3</source>
        <translation>%1 атауын %2 деп өзгерту мүмкін емес: %3</translation>
    </message>
    <message>
        <source>The event-log head of a CRL needs a SHA-256 hash.</source>
        <translation>КТКТ-дағы оқиғалар журналының басына SHA-256 хэші қажет.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an OID.</source>
        <translation>«%1» — OID емес.</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::Csr</name>
    <message>
        <source>The data is not a CSR (PKCS#10 certificate request) in PEM or DER form.</source>
        <translation>Деректер PEM немесе DER түріндегі CSR (PKCS#10 тіркеу куәлігіне сұрау) емес.</translation>
    </message>
    <message>
        <source>The public key of the CSR cannot be read (malformed or of an unsupported algorithm).</source>
        <translation>CSR ашық кілтін оқу мүмкін емес (пішімі бұзылған немесе алгоритмі қолдау көрсетілмейді).</translation>
    </message>
    <message>
        <source>The key in the CSR is too weak: %1</source>
        <translation>CSR-дегі кілт тым әлсіз: %1</translation>
    </message>
    <message>
        <source>The key in the CSR is not accepted: %1</source>
        <translation>CSR-дегі кілт қабылданбайды: %1</translation>
    </message>
    <message>
        <source>The CSR is signed with an unknown algorithm.</source>
        <translation>CSR белгісіз алгоритммен қол қойылған.</translation>
    </message>
    <message>
        <source>The CSR is signed with the weak digest %1; use SHA-256 or stronger.</source>
        <translation>CSR әлсіз %1 хэш функциясымен қол қойылған; SHA-256 немесе одан берік функцияны пайдаланыңыз.</translation>
    </message>
    <message>
        <source>The signature of the CSR does not verify: no proof of possession of the private key.</source>
        <translation>CSR қолтаңбасы тексеруден өтпеді: жабық кілтті иеленудің дәлелі жоқ.</translation>
    </message>
    <message>
        <source>The key must be an RSA or EC key.</source>
        <translation>Кілт RSA немесе EC кілті болуы тиіс.</translation>
    </message>
    <message>
        <source>Cannot write the CSR: %1</source>
        <translation>CSR жазу мүмкін емес: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::InputFiles</name>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 файлын оқу мүмкін емес: %2</translation>
    </message>
    <message>
        <source>%1 holds more than %2 KiB, more than such a file ever needs: it is not read.</source>
        <translation>%1 файлы %2 КиБ-тан үлкен — мұндай файлға ешқашан мұнша керек емес: ол оқылмайды.</translation>
    </message>
    <message>
        <source>Cannot read %1: it is not a regular file (a folder, a device or a pipe), and only a file is read.</source>
        <translation>%1 оқылмайды: бұл кәдімгі файл емес (қалта, құрылғы немесе арна), ал тек файл оқылады.</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::KeyBackup</name>
    <message>
        <source>Not a valid Tirkeu key backup: %1</source>
        <translation>Жарамды Tirkeu кілтінің резервтік көшірмесі емес: %1</translation>
    </message>
    <message>
        <source>the first line is not &quot;%1&quot;.</source>
        <translation>бірінші жол &quot;%1&quot; емес.</translation>
    </message>
    <message>
        <source>%1 lines instead of %2.</source>
        <translation>%2 жолдың орнына %1 жол.</translation>
    </message>
    <message>
        <source>line %1 should start with &quot;%2&quot;.</source>
        <translation>%1-жол &quot;%2&quot; деп басталуы тиіс.</translation>
    </message>
    <message>
        <source>bad threshold or share count.</source>
        <translation>шекті мән немесе үлестер саны қате.</translation>
    </message>
    <message>
        <source>unknown cipher &quot;%1&quot;.</source>
        <translation>белгісіз шифр: &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>the nonce, ciphertext or tag cannot be read.</source>
        <translation>nonce, шифрмәтін немесе тег оқылмайды.</translation>
    </message>
    <message>
        <source>Cannot read the backup %1: %2</source>
        <translation>%1 резервтік көшірмесін оқу мүмкін емес: %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; cannot name backup files; use letters, digits, dots, dashes and underscores.</source>
        <translation>«%1» резервтік көшірме файлдарының атауы бола алмайды; әріптерді, цифрларды, нүктелерді, дефистерді және астын сызуды пайдаланыңыз.</translation>
    </message>
    <message>
        <source>%1 already exists; an earlier backup is never overwritten.</source>
        <translation>%1 бұрыннан бар; бұрынғы резервтік көшірме ешқашан қайта жазылмайды.</translation>
    </message>
    <message>
        <source>Cannot serialise the private key: %1</source>
        <translation>Жабық кілтті сериялау мүмкін емес: %1</translation>
    </message>
    <message>
        <source>Cannot encrypt the key backup: %1</source>
        <translation>Кілттің резервтік көшірмесін шифрлау мүмкін емес: %1</translation>
    </message>
    <message>
        <source>%1 is a share of another backup (%2, backup %3), not of %4.</source>
        <translation>%1 — %4 көшірмесінің емес, басқа резервтік көшірменің үлесі (%2, %3-көшірме).</translation>
    </message>
    <message>
        <source>Share %1 was given twice (%2).</source>
        <translation>%1-үлес екі рет берілді (%2).</translation>
    </message>
    <message>
        <source>This backup needs %1 of its %2 shares; only %3 were given. Nothing was restored.</source>
        <translation>Бұл резервтік көшірмеге %2 үлестің %1 үлесі қажет; тек %3 үлес берілді. Ештеңе қалпына келтірілген жоқ.</translation>
    </message>
    <message>
        <source>The shares do not open %1: a share or the backup file has been altered. Nothing was restored.</source>
        <translation>Үлестер %1 ашпайды: үлес немесе резервтік көшірме файлы өзгертілген. Ештеңе қалпына келтірілген жоқ.</translation>
    </message>
    <message>
        <source>The restored private key cannot be read: %1</source>
        <translation>Қалпына келтірілген жабық кілтті оқу мүмкін емес: %1</translation>
    </message>
    <message>
        <source>The restored key does not match the fingerprint in %1.</source>
        <translation>Қалпына келтірілген кілт %1 ішіндегі таңбасына (fingerprint) сәйкес келмейді.</translation>
    </message>
    <message>
        <source>%1 already exists; it is not overwritten.</source>
        <translation>%1 бұрыннан бар; ол қайта жазылмайды.</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::KeyGenerator</name>
    <message>
        <source>Unknown key algorithm &quot;%1&quot;; use rsa2048, rsa3072, rsa4096, p256 or p384.</source>
        <translation>Белгісіз кілт алгоритмі: «%1». rsa2048, rsa3072, rsa4096, p256 немесе p384 пайдаланыңыз.</translation>
    </message>
    <message>
        <source>RSA keys of %1 bits are not supported here; use 2048, 3072 or 4096 bits.</source>
        <translation>%1 биттік RSA кілттеріне мұнда қолдау көрсетілмейді; 2048, 3072 немесе 4096 бит пайдаланыңыз.</translation>
    </message>
    <message>
        <source>Cannot generate a %1 key: %2</source>
        <translation>%1 кілтін жасау мүмкін емес: %2</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::KeyPolicy</name>
    <message>
        <source>The RSA key has %1 bits; at least %2 are required.</source>
        <translation>RSA кілтінің ұзындығы %1 бит; кемінде %2 бит қажет.</translation>
    </message>
    <message>
        <source>The RSA key has %1 bits; at most %2 are accepted.</source>
        <translation>RSA кілтінің ұзындығы %1 бит; ең көбі %2 бит қабылданады.</translation>
    </message>
    <message>
        <source>The public exponent of the RSA key cannot be read.</source>
        <translation>RSA кілтінің ашық экспонентасын оқу мүмкін емес.</translation>
    </message>
    <message>
        <source>with e = 1 anyone can make signatures that verify with this key, without the private key</source>
        <translation>e = 1 болса, кез келген адам жабық кілтсіз осы кілтпен тексерілетін қолтаңба жасай алады</translation>
    </message>
    <message>
        <source>a small exponent such as 3 is open to low-exponent attacks on signatures and encryption</source>
        <translation>3 сияқты кіші экспонента қолтаңбалар мен шифрлауға кіші экспонента шабуылдарына осал</translation>
    </message>
    <message>
        <source>an even exponent does not make a valid RSA key</source>
        <translation>жұп экспонентамен RSA кілті жарамсыз</translation>
    </message>
    <message>
        <source>this CA certifies RSA keys with the exponent 65537 only</source>
        <translation>бұл КО тек 65537 экспонентасы бар RSA кілттерін куәландырады</translation>
    </message>
    <message>
        <source>The RSA public exponent is %1; only 65537 is accepted: %2.</source>
        <translation>RSA ашық экспонентасы %1; тек 65537 қабылданады: %2.</translation>
    </message>
    <message>
        <source>The EC key gives its curve by explicit parameters; only the named curves P-256 and P-384, identified by their OID, are accepted.</source>
        <translation>EC кілті қисығын айқын параметрлермен береді; тек OID арқылы көрсетілген P-256 және P-384 атаулы қисықтары қабылданады.</translation>
    </message>
    <message>
        <source>The EC key uses the curve %1; only P-256 and P-384 are accepted.</source>
        <translation>EC кілті %1 қисығын пайдаланады; тек P-256 және P-384 қабылданады.</translation>
    </message>
    <message>
        <source>with explicit parameters</source>
        <translation>айқын параметрлермен</translation>
    </message>
    <message>
        <source>No public key.</source>
        <translation>Ашық кілт жоқ.</translation>
    </message>
    <message>
        <source>%1 keys are not accepted; use RSA (2048 to 8192 bits, exponent 65537) or ECDSA P-256/P-384.</source>
        <translation>%1 кілттері қабылданбайды; RSA (2048-ден 8192 битке дейін, экспонента 65537) немесе ECDSA P-256/P-384 қолданыңыз.</translation>
    </message>
    <message>
        <source>The public key is not a well-formed SubjectPublicKeyInfo.</source>
        <translation>Ашық кілт дұрыс құрылған SubjectPublicKeyInfo емес.</translation>
    </message>
    <message>
        <source>The public key algorithm cannot be read.</source>
        <translation>Ашық кілттің алгоритмін оқу мүмкін емес.</translation>
    </message>
    <message>
        <source>The public key cannot be read (malformed or of an unsupported algorithm).</source>
        <translation>Ашық кілтті оқу мүмкін емес (пішімі бұзылған немесе алгоритмі қолдау көрсетілмейді).</translation>
    </message>
    <message>
        <source>Cannot encode the public key: %1</source>
        <translation>Ашық кілтті кодтау мүмкін емес: %1</translation>
    </message>
    <message>
        <source>The RSA modulus is not a product of large primes (it is prime, a prime power or has a small factor): anyone could compute the private key from the certificate and sign as its holder.</source>
        <translation>RSA модулі үлкен жай сандардың көбейтіндісі емес (ол жай сан, жай санның дәрежесі немесе кіші көбейткіші бар): кез келген адам жабық кілтті сертификаттан есептеп шығарып, оның иесінің атынан қол қоя алады.</translation>
    </message>
    <message>
        <source>The public half of the RSA key cannot be read.</source>
        <translation>RSA кілтінің ашық бөлігін оқу мүмкін емес.</translation>
    </message>
    <message>
        <source>The modulus of the RSA key cannot be read.</source>
        <translation>RSA кілтінің модулін оқу мүмкін емес.</translation>
    </message>
    <message>
        <source>The RSA modulus factors by Fermat&apos;s method: its two primes are too close together, so anyone could compute the private key from the certificate and sign as its holder.</source>
        <translation>RSA модулі Ферма әдісімен жіктеледі: оның екі жай көбейткіші бір-біріне тым жақын, сондықтан кез келген адам куәліктен жабық кілтті есептеп, иеленушінің атынан қол қоя алады.</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::OcspSigner</name>
    <message>
        <source>The CA or OCSP signing certificate cannot be read.</source>
        <translation>КО немесе OCSP қол қою тіркеу куәлігін оқу мүмкін емес.</translation>
    </message>
    <message>
        <source>No OCSP signing key.</source>
        <translation>OCSP қол қою кілті жоқ.</translation>
    </message>
    <message>
        <source>The OCSP signing key is the CA key: responses are signed only by a delegated key.</source>
        <translation>OCSP қол қою кілті КО кілтімен бірдей: жауаптарға тек өкілетті кілт қол қояды.</translation>
    </message>
    <message>
        <source>The OCSP signing certificate was not issued by this CA.</source>
        <translation>OCSP қол қою тіркеу куәлігін бұл КО берген жоқ.</translation>
    </message>
    <message>
        <source>The certificate is not an OCSP signing certificate (extendedKeyUsage id-kp-OCSPSigning is missing).</source>
        <translation>Тіркеу куәлігі OCSP қол қоюға арналмаған (extendedKeyUsage id-kp-OCSPSigning жоқ).</translation>
    </message>
    <message>
        <source>The OCSP signing key does not match its certificate.</source>
        <translation>OCSP қол қою кілті өз тіркеу куәлігіне сәйкес келмейді.</translation>
    </message>
    <message>
        <source>Cannot hash the CA certificate: %1</source>
        <translation>КО тіркеу куәлігінің хэшін есептеу мүмкін емес: %1</translation>
    </message>
    <message>
        <source>The OCSP signing key is neither RSA nor EC.</source>
        <translation>OCSP қол қою кілті RSA да, EC де емес.</translation>
    </message>
    <message>
        <source>Internal error: no answer for a certificate.</source>
        <translation>Ішкі қате: тіркеу куәлігіне жауап жоқ.</translation>
    </message>
    <message>
        <source>Cannot build the OCSP response: %1</source>
        <translation>OCSP жауабын құру мүмкін емес: %1</translation>
    </message>
    <message>
        <source>Cannot echo the request nonce: %1</source>
        <translation>Сұраудың nonce мәнін қайтару мүмкін емес: %1</translation>
    </message>
    <message>
        <source>Cannot sign the OCSP response: %1</source>
        <translation>OCSP жауабына қол қою мүмкін емес: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::OcspSignerCertificate</name>
    <message>
        <source>The CA certificate, CA key or signer key is missing.</source>
        <translation>КО тіркеу куәлігі, КО кілті немесе қол қоюшы кілті жоқ.</translation>
    </message>
    <message>
        <source>The OCSP signing key must not be the CA key.</source>
        <translation>OCSP қол қою кілті КО кілті болмауы тиіс.</translation>
    </message>
    <message>
        <source>The CA key does not match the CA certificate.</source>
        <translation>КО кілті КО тіркеу куәлігіне сәйкес келмейді.</translation>
    </message>
    <message>
        <source>The validity period is empty or invalid.</source>
        <translation>Әрекет ету мерзімі бос немесе жарамсыз.</translation>
    </message>
    <message>
        <source>Cannot prepare the OCSP signing certificate.</source>
        <translation>OCSP қол қою тіркеу куәлігін дайындау мүмкін емес.</translation>
    </message>
    <message>
        <source>Cannot prepare the OCSP signing certificate: %1</source>
        <translation>OCSP қол қою тіркеу куәлігін дайындау мүмкін емес: %1</translation>
    </message>
    <message>
        <source>Cannot sign the OCSP signing certificate: %1</source>
        <translation>OCSP қол қою тіркеу куәлігіне қол қою мүмкін емес: %1</translation>
    </message>
    <message>
        <source>The new OCSP signing certificate does not verify: %1</source>
        <translation>Жаңа OCSP қол қою тіркеу куәлігі тексеруден өтпейді: %1</translation>
    </message>
    <message>
        <source>The previous certificate is not an OCSP signing certificate.</source>
        <translation>Алдыңғы тіркеу куәлігі OCSP қол қоюға арналмаған.</translation>
    </message>
    <message>
        <source>The previous OCSP signing certificate was not issued by this CA.</source>
        <translation>Алдыңғы OCSP қол қою тіркеу куәлігін бұл КО берген жоқ.</translation>
    </message>
    <message>
        <source>The CA certificate ended on %1: it certifies no OCSP signer.</source>
        <translation>КО сертификатының мерзімі %1 аяқталды: ол ешбір OCSP қол қоюшысын куәландырмайды.</translation>
    </message>
    <message>
        <source>The CA certificate is valid from %1 only: it certifies no OCSP signer before then.</source>
        <translation>КО сертификаты тек %1 бастап жарамды: оған дейін ол ешбір OCSP қол қоюшысын куәландырмайды.</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::Pkcs11Engine</name>
    <message>
        <source>&quot;%1&quot; is not a PKCS#11 URI.</source>
        <translation>«%1» — PKCS#11 URI емес.</translation>
    </message>
    <message>
        <source>The PKCS#11 URI must not carry the PIN; give it from a prompt, a file or a variable.</source>
        <translation>PKCS#11 URI ішінде PIN-код болмауы тиіс; оны сұрау терезесі, файл немесе айнымалы арқылы беріңіз.</translation>
    </message>
    <message>
        <source>The PKCS#11 module %1 does not exist (set TIRKEU_PKCS11_MODULE).</source>
        <translation>%1 PKCS#11 модулі жоқ (TIRKEU_PKCS11_MODULE орнатыңыз).</translation>
    </message>
    <message>
        <source>The OpenSSL pkcs11 engine is not available (install libengine-pkcs11-openssl): %1</source>
        <translation>OpenSSL pkcs11 engine қолжетімсіз (libengine-pkcs11-openssl орнатыңыз): %1</translation>
    </message>
    <message>
        <source>Cannot configure the pkcs11 engine: %1</source>
        <translation>pkcs11 engine баптау мүмкін емес: %1</translation>
    </message>
    <message>
        <source>Cannot initialise the pkcs11 engine with %1: %2</source>
        <translation>pkcs11 engine-ді %1 арқылы іске қосу мүмкін емес: %2</translation>
    </message>
    <message>
        <source>Cannot load the private key %1 from the token (wrong PIN, or no such token or object): %2</source>
        <translation>%1 жабық кілтін токеннен жүктеу мүмкін емес (PIN-код қате немесе мұндай токен не объект жоқ): %2</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::Pkcs12</name>
    <message>
        <source>A PKCS#12 file needs a private key and its certificate.</source>
        <translation>PKCS#12 файлына жабық кілт және оның тіркеу куәлігі қажет.</translation>
    </message>
    <message>
        <source>A PKCS#12 file needs a password.</source>
        <translation>PKCS#12 файлына құпиясөз қажет.</translation>
    </message>
    <message>
        <source>%1 PBKDF2 iterations are too few; at least %2.</source>
        <translation>PBKDF2 итерацияларының саны (%1) тым аз; кемінде %2 болуы тиіс.</translation>
    </message>
    <message>
        <source>The private key does not belong to the certificate.</source>
        <translation>Жабық кілт тіркеу куәлігіне тиесілі емес.</translation>
    </message>
    <message>
        <source>Out of memory.</source>
        <translation>Жад жетпейді.</translation>
    </message>
    <message>
        <source>Invalid CA certificate in the chain.</source>
        <translation>Тізбекте жарамсыз КО тіркеу куәлігі бар.</translation>
    </message>
    <message>
        <source>Cannot build the PKCS#12 file: %1</source>
        <translation>PKCS#12 файлын құрастыру мүмкін емес: %1</translation>
    </message>
    <message>
        <source>Cannot encode the PKCS#12 file: %1</source>
        <translation>PKCS#12 файлын кодтау мүмкін емес: %1</translation>
    </message>
    <message>
        <source>Not a PKCS#12 file: %1</source>
        <translation>PKCS#12 файлы емес: %1</translation>
    </message>
    <message>
        <source>The PKCS#12 file has no integrity MAC; it is not accepted.</source>
        <translation>PKCS#12 файлында тұтастықты тексеру MAC коды жоқ; файл қабылданбайды.</translation>
    </message>
    <message>
        <source>Wrong password, or the PKCS#12 file is damaged.</source>
        <translation>Құпиясөз қате немесе PKCS#12 файлы зақымдалған.</translation>
    </message>
    <message>
        <source>Cannot read the PKCS#12 contents: %1</source>
        <translation>PKCS#12 мазмұнын оқу мүмкін емес: %1</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 файлын оқу мүмкін емес: %2</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::Profile</name>
    <message>
        <source>Unknown certificate profile &quot;%1&quot;.</source>
        <translation>Белгісіз тіркеу куәлігі бейіні: «%1».</translation>
    </message>
    <message>
        <source>Unknown role of a legal entity&apos;s representative &quot;%1&quot;.</source>
        <translation>Заңды тұлға өкілінің белгісіз рөлі: «%1».</translation>
    </message>
    <message>
        <source>The profile &quot;%1&quot; needs the role of the legal entity&apos;s representative.</source>
        <translation>«%1» бейіні үшін заңды тұлға өкілінің рөлі қажет.</translation>
    </message>
    <message>
        <source>The profile &quot;%1&quot; takes no legal-entity role.</source>
        <translation>«%1» бейіні заңды тұлға рөлін қабылдамайды.</translation>
    </message>
    <message>
        <source>Individual, signing</source>
        <translation>Жеке тұлға, қол қою</translation>
    </message>
    <message>
        <source>Individual, authentication</source>
        <translation>Жеке тұлға, аутентификация</translation>
    </message>
    <message>
        <source>Legal entity, signing</source>
        <translation>Заңды тұлға, қол қою</translation>
    </message>
    <message>
        <source>Legal entity, authentication</source>
        <translation>Заңды тұлға, аутентификация</translation>
    </message>
    <message>
        <source>Government body employee, signing and authentication</source>
        <translation>Мемлекеттік орган қызметкері, қол қою және аутентификация</translation>
    </message>
    <message>
        <source>Subordinate CA</source>
        <translation>Бағынышты КО</translation>
    </message>
    <message>
        <source>Root CA</source>
        <translation>Түбірлік КО</translation>
    </message>
    <message>
        <source>first head</source>
        <comment>legal-entity role</comment>
        <translation>бірінші басшы</translation>
    </message>
    <message>
        <source>signer</source>
        <comment>legal-entity role</comment>
        <translation>қол қою құқығы бар тұлға</translation>
    </message>
    <message>
        <source>financial signer</source>
        <comment>legal-entity role</comment>
        <translation>қаржы құжаттарына қол қоюшы</translation>
    </message>
    <message>
        <source>HR</source>
        <comment>legal-entity role</comment>
        <translation>кадр қызметі</translation>
    </message>
    <message>
        <source>employee</source>
        <comment>legal-entity role</comment>
        <translation>қызметкер</translation>
    </message>
    <message>
        <source>OCSP responder</source>
        <translation>OCSP жауап берушісі</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::SecretSharing</name>
    <message>
        <source>The threshold must be at least 2 (it is %1).</source>
        <translation>Шекті мән кемінде 2 болуы тиіс (қазір %1).</translation>
    </message>
    <message>
        <source>%1 shares cannot meet a threshold of %2.</source>
        <translation>%1 үлес %2 шекті мәнін қамтамасыз ете алмайды.</translation>
    </message>
    <message>
        <source>At most %1 shares are possible (%2 asked).</source>
        <translation>Ең көбі %1 үлес болуы мүмкін (%2 сұралды).</translation>
    </message>
    <message>
        <source>The random generator failed: %1</source>
        <translation>Кездейсоқ сандар генераторы істен шықты: %1</translation>
    </message>
    <message>
        <source>There is no secret to split.</source>
        <translation>Бөлетін құпия жоқ.</translation>
    </message>
    <message>
        <source>A threshold of %1 needs %2 coefficient sets.</source>
        <translation>%1 шекті мәні үшін %2 коэффициенттер жиыны қажет.</translation>
    </message>
    <message>
        <source>Each coefficient set must be as long as the secret.</source>
        <translation>Әр коэффициенттер жиынының ұзындығы құпияның ұзындығына тең болуы тиіс.</translation>
    </message>
    <message>
        <source>Share index %1 is out of range (1 to 255).</source>
        <translation>%1 үлес индексі рұқсат етілген ауқымнан тыс (1-ден 255-ке дейін).</translation>
    </message>
    <message>
        <source>Share %1 was given twice.</source>
        <translation>%1-үлес екі рет берілді.</translation>
    </message>
    <message>
        <source>The shares have different lengths; they are not from one split.</source>
        <translation>Үлестердің ұзындықтары әртүрлі; олар бір бөлуден алынбаған.</translation>
    </message>
    <message>
        <source>%1 shares are needed to restore the secret; only %2 were given.</source>
        <translation>Құпияны қалпына келтіру үшін %1 үлес қажет; тек %2 үлес берілді.</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::SecretSource</name>
    <message>
        <source>No environment variable named for the secret.</source>
        <translation>Құпияға арналған орта айнымалысы көрсетілмеген.</translation>
    </message>
    <message>
        <source>The environment variable %1 is not set.</source>
        <translation>%1 орта айнымалысы орнатылмаған.</translation>
    </message>
    <message>
        <source>Cannot read the secret file %1: %2</source>
        <translation>%1 құпия файлын оқу мүмкін емес: %2</translation>
    </message>
    <message>
        <source>No way to ask for the secret was given.</source>
        <translation>Құпияны сұрау тәсілі көрсетілмеген.</translation>
    </message>
    <message>
        <source>No passphrase or PIN was entered.</source>
        <translation>Құпия фраза немесе PIN-код енгізілмеді.</translation>
    </message>
    <message>
        <source>The passphrase or PIN is empty.</source>
        <translation>Құпия фраза немесе PIN-код бос.</translation>
    </message>
    <message>
        <source>The secret file %1 can be read or changed by other users (mode %2): what it holds may be known already. Make it the owner&apos;s only (chmod 0600 %1; 0640 for a group) and change the secret if others could have read it.</source>
        <translation>%1 құпия файлын басқа пайдаланушылар оқи немесе өзгерте алады (рұқсаттары %2): ондағы құпия белгілі болып қойған болуы мүмкін. Файлды тек иесіне қалдырыңыз (chmod 0600 %1; топ үшін 0640) және басқалар оны оқуы мүмкін болса, құпияны ауыстырыңыз.</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::ShareFile</name>
    <message>
        <source>The share file is damaged or not a Tirkeu share: %1</source>
        <translation>Үлес файлы зақымдалған немесе Tirkeu үлесі емес: %1</translation>
    </message>
    <message>
        <source>the first line is not &quot;%1&quot;.</source>
        <translation>бірінші жол &quot;%1&quot; емес.</translation>
    </message>
    <message>
        <source>%1 lines instead of %2.</source>
        <translation>%2 жолдың орнына %1 жол.</translation>
    </message>
    <message>
        <source>line %1 should start with &quot;%2&quot;.</source>
        <translation>%1-жол &quot;%2&quot; деп басталуы тиіс.</translation>
    </message>
    <message>
        <source>a number or the share value cannot be read.</source>
        <translation>нөмірді немесе үлес мәнін оқу мүмкін емес.</translation>
    </message>
    <message>
        <source>the checksum does not match its contents.</source>
        <translation>бақылау сомасы мазмұнға сәйкес келмейді.</translation>
    </message>
    <message>
        <source>share index %1 is outside 1..%2.</source>
        <translation>%1 үлес индексі 1..%2 ауқымынан тыс.</translation>
    </message>
    <message>
        <source>Cannot read the share file %1: %2</source>
        <translation>%1 үлес файлын оқу мүмкін емес: %2</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::SignatureAlgorithm</name>
    <message>
        <source>The CA key must be an RSA or EC key.</source>
        <translation>КО кілті RSA немесе EC кілті болуы тиіс.</translation>
    </message>
    <message>
        <source>Cannot build the signature algorithm: %1</source>
        <translation>Қолтаңба алгоритмін құрастыру мүмкін емес: %1</translation>
    </message>
    <message>
        <source>Signing failed: %1</source>
        <translation>Қол қою сәтсіз аяқталды: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::SubjectName</name>
    <message>
        <source>The country must be a two-letter upper-case code, e.g. KZ.</source>
        <translation>Ел бас әріптермен жазылған екі әріпті код болуы тиіс, мысалы, KZ.</translation>
    </message>
    <message>
        <source>The CA name is empty.</source>
        <translation>КО атауы бос.</translation>
    </message>
    <message>
        <source>The surname and the name of the holder are required.</source>
        <translation>Иеленушінің тегі мен аты міндетті.</translation>
    </message>
    <message>
        <source>A name part is longer than %1 characters.</source>
        <translation>Атаудың бір бөлігі %1 таңбадан ұзын.</translation>
    </message>
    <message>
        <source>The IIN must consist of exactly 12 digits.</source>
        <translation>ЖСН дәл 12 цифрдан тұруы тиіс.</translation>
    </message>
    <message>
        <source>The BIN must consist of exactly 12 digits.</source>
        <translation>БСН дәл 12 цифрдан тұруы тиіс.</translation>
    </message>
    <message>
        <source>The common name &quot;%1&quot; is longer than %2 characters.</source>
        <translation>«%1» жалпы атауы (CN) %2 таңбадан ұзын.</translation>
    </message>
    <message>
        <source>The organisation or unit name is longer than %1 characters.</source>
        <translation>Ұйымның немесе бөлімшенің атауы %1 таңбадан ұзын.</translation>
    </message>
    <message>
        <source>Out of memory.</source>
        <translation>Жад жетпейді.</translation>
    </message>
    <message>
        <source>Cannot build the subject name: %1</source>
        <translation>Субъект атауын құрастыру мүмкін емес: %1</translation>
    </message>
    <message>
        <source>Cannot encode the subject name: %1</source>
        <translation>Субъект атауын кодтау мүмкін емес: %1</translation>
    </message>
    <message>
        <source>The data is not a DER-encoded X.509 name.</source>
        <translation>Деректер DER кодталған X.509 атауы емес.</translation>
    </message>
    <message>
        <source>A BIN needs the name of the organisation it identifies.</source>
        <translation>БСН үшін ол сәйкестендіретін ұйымның атауы қажет.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an attribute of a CA name; use C, O, OU and CN.</source>
        <translation>«%1» КО атауының атрибуты емес; C, O, OU және CN қолданыңыз.</translation>
    </message>
    <message>
        <source>The CA name lists %1 twice.</source>
        <translation>КО атауында %1 екі рет көрсетілген.</translation>
    </message>
    <message>
        <source>A CA name needs at least C and CN (e.g. &quot;C,CN&quot; or &quot;C,O,CN&quot;).</source>
        <translation>КО атауына кемінде C және CN қажет (мысалы, &quot;C,CN&quot; немесе &quot;C,O,CN&quot;).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; holds a control, invisible (bidi or zero-width) or private-use character; such names are not certified.</source>
        <translation>«%1» ішінде басқару, көрінбейтін (мәтін бағыты немесе нөлдік ені бар) немесе жеке пайдалануға арналған таңба бар; мұндай атаулар куәландырылмайды.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Agenda</name>
    <message>
        <source>The number of days must be between 1 and 3660: %1</source>
        <translation>Күндер саны 1 мен 3660 аралығында болуы керек: %1</translation>
    </message>
    <message>
        <source>The number of hours must be between 0 and 8760: %1</source>
        <translation>Сағаттар саны 0 мен 8760 аралығында болуы керек: %1</translation>
    </message>
    <message>
        <source>Applications overdue: %1</source>
        <translation>Мерзімі өткен өтініштер: %1</translation>
    </message>
    <message>
        <source>the oldest deadline was %1</source>
        <translation>ең ерте мерзім %1 болды</translation>
    </message>
    <message>
        <source>Applications due today: %1</source>
        <translation>Мерзімі бүгін аяқталатын өтініштер: %1</translation>
    </message>
    <message>
        <source>Revocation requests due within their working days: %1</source>
        <translation>Жұмыс күндері ішінде орындалуы тиіс кері қайтарып алу өтініштері: %1</translation>
    </message>
    <message>
        <source>the first is due %1</source>
        <translation>біріншісінің мерзімі %1</translation>
    </message>
    <message>
        <source>CRLs to publish: %1</source>
        <translation>Жариялануы тиіс КТКТ: %1</translation>
    </message>
    <message>
        <source>%1: the next update was due %2</source>
        <translation>%1: келесі жаңарту мерзімі %2 болған</translation>
    </message>
    <message>
        <source>%1: the next update is due %2</source>
        <translation>%1: келесі жаңарту мерзімі %2</translation>
    </message>
    <message>
        <source>Revocations waiting for a CRL (key compromise): %1</source>
        <translation>КТКТ-ны күтіп тұрған кері қайтарып алулар (кілттің бұзылуы): %1</translation>
    </message>
    <message>
        <source>publish a CRL of %1</source>
        <translation>%1 КТКТ-сын жариялау</translation>
    </message>
    <message numerus="yes">
        <source>Certificates expiring within %n day(s): %1</source>
        <translation>
            <numerusform>%n күн ішінде мерзімі аяқталатын тіркеу куәліктері: %1</numerusform>
            <numerusform>%n күн ішінде мерзімі аяқталатын тіркеу куәліктері: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>the first on %1</source>
        <translation>біріншісі %1</translation>
    </message>
    <message>
        <source>Audit anchors not published: %1</source>
        <translation>Жарияланбаған аудит анкерлері: %1</translation>
    </message>
    <message>
        <source>from %1, in %2</source>
        <translation>%1 бастап, %2 ішінде</translation>
    </message>
    <message>
        <source>My drafts, not yet registered: %1</source>
        <translation>Менің әлі тіркелмеген нобайларым: %1</translation>
    </message>
    <message>
        <source>the oldest is deleted on %1</source>
        <translation>ең ескісі %1 жойылады</translation>
    </message>
    <message>
        <source>%1 ended on %2</source>
        <translation>%1: мерзімі %2 аяқталды</translation>
    </message>
    <message>
        <source>%1 ends on %2</source>
        <translation>%1: мерзімі %2 аяқталады</translation>
    </message>
    <message numerus="yes">
        <source>CA certificates ending within %n day(s) or ended: %1</source>
        <translation>
            <numerusform>%n күн ішінде мерзімі аяқталатын немесе аяқталған КО сертификаттары: %1</numerusform>
            <numerusform>%n күн ішінде мерзімі аяқталатын немесе аяқталған КО сертификаттары: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Applications</name>
    <message>
        <source>registered</source>
        <translation>тіркелді</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>мақұлданды</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>қабылданбады</translation>
    </message>
    <message>
        <source>done</source>
        <translation>орындалды</translation>
    </message>
    <message>
        <source>The certificate %1 is not in this CA&apos;s register.</source>
        <translation>%1 тіркеу куәлігі осы КО тіркелімінде жоқ.</translation>
    </message>
    <message>
        <source>The certificate %1 is already revoked.</source>
        <translation>%1 тіркеу куәлігі бұрын кері қайтарып алынған.</translation>
    </message>
    <message>
        <source>The certificate %1 does not belong to the applicant named on the form.</source>
        <translation>%1 тіркеу куәлігі нысанда көрсетілген өтініш берушіге тиесілі емес.</translation>
    </message>
    <message>
        <source>Unknown form %1. Known forms: %2</source>
        <translation>Белгісіз нысан: %1. Белгілі нысандар: %2</translation>
    </message>
    <message>
        <source>The form %1 is not used by the CA %2 (%3).</source>
        <translation>%1 нысанын %2 КО (%3) пайдаланбайды.</translation>
    </message>
    <message>
        <source>The CA %1 has ceased operation.</source>
        <translation>%1 КО қызметін тоқтатқан.</translation>
    </message>
    <message>
        <source>The receipt time cannot be in the future.</source>
        <translation>Түскен уақыты болашақта болуы мүмкін емес.</translation>
    </message>
    <message>
        <source>There is no application number %1.</source>
        <translation>№%1 өтініш жоқ.</translation>
    </message>
    <message>
        <source>Application %1 is %2; it cannot become %3.</source>
        <translation>№%1 өтініштің мәртебесі: %2; оны «%3» мәртебесіне ауыстыру мүмкін емес.</translation>
    </message>
    <message>
        <source>Four-eyes rule: application %1 was registered by you; another officer must approve or reject it.</source>
        <translation>«Төрт көз» қағидаты: №%1 өтінішті сіз тіркегенсіз; оны басқа қызметкер мақұлдауы немесе қабылдамауы тиіс.</translation>
    </message>
    <message>
        <source>The CA %1 has no certificate with the serial number %2.</source>
        <translation>%1 КО-да сериялық нөмірі %2 тіркеу куәлігі жоқ.</translation>
    </message>
    <message>
        <source>The certificate %1 was not issued from an application of this register; fill in a new application.</source>
        <translation>%1 тіркеу куәлігі осы тіркелімдегі өтініш бойынша берілмеген; жаңа өтініш толтырыңыз.</translation>
    </message>
    <message>
        <source>No required attachment is missing; register the application without marking its documents missing.</source>
        <translation>Міндетті қосымшалардың бәрі бар; өтінішті құжаттары жоқ деп белгілемей тіркеңіз.</translation>
    </message>
    <message>
        <source>A rejection needs a reason code (one of the CA&apos;s grounds of refusal); free text can only be added as a note.</source>
        <translation>Қабылдамау үшін негіз коды қажет (КО-ның бас тарту негіздерінің бірі); еркін мәтінді тек ескертпе ретінде қосуға болады.</translation>
    </message>
    <message>
        <source>Application %1 was received without the required documents (%2); it can only be refused on that ground.</source>
        <translation>№%1 өтініш міндетті құжаттарсыз түсті (%2); оны тек осы негіз бойынша қабылдамауға болады.</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ескертпе</translation>
    </message>
    <message>
        <source>Application %1 was made to another CA.</source>
        <translation>№%1 өтініш басқа КО-ға берілген.</translation>
    </message>
    <message>
        <source>Application %1 is not an application for revocation.</source>
        <translation>№%1 өтініш кері қайтарып алу туралы өтініш емес.</translation>
    </message>
    <message>
        <source>Application %1 is not approved: a revocation application is carried out after another officer approved it.</source>
        <translation>№%1 өтініш мақұлданбаған: кері қайтарып алу туралы өтініш оны басқа КО қызметкері мақұлдағаннан кейін орындалады.</translation>
    </message>
    <message>
        <source>Application %1 does not ask for the certificate %2 to be revoked for this reason: a revocation carried out on an application revokes what it names, for the reason it gives.</source>
        <translation>№%1 өтініш %2 куәлікті осы себеппен кері қайтарып алуды сұрамайды: өтініш бойынша кері қайтарып алу өтініште аталғанды, онда көрсетілген себеппен ғана қайтарып алады.</translation>
    </message>
    <message>
        <source>Application %1 is of a form this program does not know.</source>
        <translation>№%1 өтініш бұл бағдарлама білмейтін нысанда.</translation>
    </message>
    <message>
        <source>Application %1 asks for the certificate %2 to be revoked, which has not been done on it: a revocation application is finished by carrying it out (certificate revoke --application %1), or rejected.</source>
        <translation>№%1 өтініш %2 куәлікті кері қайтарып алуды сұрайды, бірақ ол осы өтініш бойынша орындалмаған: кері қайтарып алу туралы өтініш оны орындаумен (certificate revoke --application %1) аяқталады немесе қабылданбайды.</translation>
    </message>
    <message>
        <source>The certificate %1 is not the certificate of the CA %2 named on the form.</source>
        <translation>%1 куәлігі өтініште аталған %2 КО-ның куәлігі емес.</translation>
    </message>
    <message>
        <source>The certificate %1 was issued on a letter of %2, not of %3: a body&apos;s letter revokes its own employees&apos; certificates.</source>
        <translation>%1 тіркеу куәлігі %3 емес, %2 хаты бойынша берілген: органның хаты тек өз қызметкерлерінің куәліктерін кері қайтарып алады.</translation>
    </message>
    <message>
        <source>The form gives %1 as the issue date of the certificate %2, but it was issued on %3: check the serial number and the issue date on the form.</source>
        <translation>Өтініште %2 куәлігінің берілген күні ретінде %1 көрсетілген, бірақ ол %3 берілген: өтініштегі сериялық нөмір мен берілген күнді тексеріңіз.</translation>
    </message>
    <message>
        <source>The certificate to be replaced is not in this CA&apos;s register.</source>
        <translation>Ауыстырылатын куәлік осы КО тіркелімінде жоқ.</translation>
    </message>
    <message>
        <source>The certificate %1 belongs to another holder: a re-issue replaces a certificate of the holder the form names.</source>
        <translation>%1 куәлігі басқа иеленушіге тиесілі: қайта беру өтініште аталған иеленушінің куәлігін ауыстырады.</translation>
    </message>
    <message>
        <source>The certificate %1 was not issued on an application of this kind (%2): a re-issue replaces a certificate issued on the same kind of application.</source>
        <translation>%1 куәлігі осы түрдегі өтініш (%2) бойынша берілмеген: қайта беру сол түрдегі өтініш бойынша берілген куәлікті ауыстырады.</translation>
    </message>
    <message>
        <source>A re-issue on a letter names one person: the holder of the certificate %1.</source>
        <translation>Хат бойынша қайта беруде бір адам көрсетіледі: %1 куәлігінің иеленушісі.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::AuditLog</name>
    <message>
        <source>Internal error: audit events are written only inside a transaction.</source>
        <translation>Ішкі қате: журнал оқиғалары тек транзакция ішінде жазылады.</translation>
    </message>
    <message>
        <source>The event log is empty.</source>
        <translation>Оқиғалар журналы бос.</translation>
    </message>
    <message>
        <source>No anchor for %1: no events were recorded that day.</source>
        <translation>%1 үшін зәкір жоқ: ол күні ешбір оқиға тіркелмеген.</translation>
    </message>
    <message>
        <source>Event %1 is missing (deleted).</source>
        <translation>№%1 оқиға жоқ (жойылған).</translation>
    </message>
    <message>
        <source>Events %1 to %2 are missing (deleted).</source>
        <translation>№%1 – №%2 оқиғалар жоқ (жойылған).</translation>
    </message>
    <message>
        <source>Event %1 is out of order.</source>
        <translation>№%1 оқиғаның реттік орны бұзылған.</translation>
    </message>
    <message>
        <source>Event %1 does not link to the event before it (its previous hash differs).</source>
        <translation>№%1 оқиға алдыңғы оқиғамен байланыспайды (алдыңғы хэші сәйкес келмейді).</translation>
    </message>
    <message>
        <source>Event %1 was altered: its content does not match its hash.</source>
        <translation>№%1 оқиға өзгертілген: мазмұны хэшіне сәйкес келмейді.</translation>
    </message>
    <message>
        <source>Event %1 does not match the daily anchor recorded for it.</source>
        <translation>№%1 оқиға ол үшін жазылған күнделікті зәкірге сәйкес келмейді.</translation>
    </message>
    <message>
        <source>Event %1 is missing (deleted): the anchor of %2 names it.</source>
        <translation>№%1 оқиға жоқ (жойылған): ол %2 зәкірінде көрсетілген.</translation>
    </message>
    <message>
        <source>Events %1 to %2 are missing (deleted): the anchor of %3 names event %2.</source>
        <translation>№%1 – №%2 оқиғалар жоқ (жойылған): %3 зәкірінде №%2 оқиға көрсетілген.</translation>
    </message>
    <message>
        <source>The audit key&apos;s location and public key are required.</source>
        <translation>Аудит кілтінің орны мен ашық кілті қажет.</translation>
    </message>
    <message>
        <source>An audit signing key is already set up (SHA-256 %1); give --replace to set up another one. Anchors signed with the old key are then checked with --anchor-key.</source>
        <translation>Аудит қолтаңба кілті бапталып қойған (SHA-256 %1); басқасын баптау үшін --replace беріңіз. Ескі кілтпен қол қойылған анкерлер сонда --anchor-key арқылы тексеріледі.</translation>
    </message>
    <message>
        <source>Only a finished day has a signed anchor; %1 is not over yet.</source>
        <translation>Қол қойылған анкер тек аяқталған күнге болады; %1 әлі аяқталған жоқ.</translation>
    </message>
    <message>
        <source>This key (SHA-256 %1) is not the register&apos;s audit signing key (%2).</source>
        <translation>Бұл кілт (SHA-256 %1) тіркелімнің аудит қолтаңба кілті емес (%2).</translation>
    </message>
    <message>
        <source>Cannot create the anchor folder %1.</source>
        <translation>%1 анкерлер қалтасын жасау мүмкін емес.</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>%1 жазу мүмкін емес.</translation>
    </message>
    <message>
        <source>The anchor folder %1 does not exist.</source>
        <translation>%1 анкерлер қалтасы жоқ.</translation>
    </message>
    <message>
        <source>The anchor folder %1 holds no signed anchors (deleted?).</source>
        <translation>%1 анкерлер қалтасында қол қойылған анкерлер жоқ (жойылған ба?).</translation>
    </message>
    <message>
        <source>%1 is not a signed anchor (damaged or forged).</source>
        <translation>%1 қол қойылған анкер емес (зақымдалған немесе жалған).</translation>
    </message>
    <message>
        <source>The signature of %1 does not verify with the audit key %2 (forged or altered).</source>
        <translation>%1 қолтаңбасы %2 аудит кілтімен расталмайды (жалған немесе өзгертілген).</translation>
    </message>
    <message>
        <source>%1 is an anchor of another register.</source>
        <translation>%1 — басқа тіркелімнің анкері.</translation>
    </message>
    <message>
        <source>The signed anchor of %1 is missing from %2 (deleted?).</source>
        <translation>%1 күнінің қол қойылған анкері %2 қалтасында жоқ (жойылған ба?).</translation>
    </message>
    <message>
        <source>The signed anchor of %1 names event %2, before the previous day&apos;s event %3.</source>
        <translation>%1 күнінің қол қойылған анкері %2 оқиғасын атайды, бұл алдыңғы күннің %3 оқиғасынан бұрын.</translation>
    </message>
    <message>
        <source>Event %1 is missing (deleted): the signed anchor of %2 names it.</source>
        <translation>%1 оқиғасы жоқ (жойылған): оны %2 күнінің қол қойылған анкері атайды.</translation>
    </message>
    <message>
        <source>Events %1 to %2 are missing (deleted): the signed anchor of %3 names event %2.</source>
        <translation>%1–%2 оқиғалары жоқ (жойылған): %3 күнінің қол қойылған анкері %2 оқиғасын атайды.</translation>
    </message>
    <message>
        <source>The archived head event %1 differs from the signed anchor of %2 (forged archive batch).</source>
        <translation>Мұрағаттағы %1 бас оқиғасы %2 күнінің қол қойылған анкерінен өзгеше (жалған мұрағат бумасы).</translation>
    </message>
    <message>
        <source>Event %1 differs from the signed anchor of %2: the chain was rewritten.</source>
        <translation>%1 оқиғасы %2 күнінің қол қойылған анкерінен өзгеше: тізбек қайта жазылған.</translation>
    </message>
    <message>
        <source>Event %1 is dated %2 or earlier but is not in that day&apos;s signed anchor (added afterwards).</source>
        <translation>%1 оқиғасының күні %2 немесе одан ерте, бірақ ол сол күннің қол қойылған анкерінде жоқ (кейін қосылған).</translation>
    </message>
    <message>
        <source>The archive batch %1 (%2): %3</source>
        <translation>%1 мұрағат бумасы (%2): %3</translation>
    </message>
    <message>
        <source>its manifest %1 cannot be read (missing?).</source>
        <translation>оның %1 манифестін оқу мүмкін емес (жоқ па?).</translation>
    </message>
    <message>
        <source>its manifest does not match the SHA-256 recorded in the register.</source>
        <translation>оның манифесті тіркелімде жазылған SHA-256 мәніне сәйкес келмейді.</translation>
    </message>
    <message>
        <source>the archived chain head differs from the one recorded in the register.</source>
        <translation>мұрағаттағы тізбек басы тіркелімде жазылғанынан өзгеше.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The CRL %1 was issued by no CA of this register.</source>
        <translation>%1 КТКТ-сын бұл тіркелімнің ешбір КО-сы шығармаған.</translation>
    </message>
    <message>
        <source>The CRL %1 is not signed by the CA %2: %3</source>
        <translation>%1 КТКТ-сына %2 КО қол қоймаған: %3</translation>
    </message>
    <message>
        <source>The CRL %1 has number %2, but the register&apos;s newest CRL of %3 is number %4: CRL records were removed or the register was rolled back.</source>
        <translation>%1 КТКТ-ның нөмірі %2, ал тіркелімдегі %3 КО-ның ең жаңа КТКТ-сының нөмірі %4: КТКТ жазбалары жойылған немесе тіркелім бұрынғы күйге қайтарылған.</translation>
    </message>
    <message>
        <source>Certificate %1 is revoked on the published CRL %2, but the register has no revocation of it (deleted).</source>
        <translation>%1 сертификаты жарияланған %2 КТКТ-да кері қайтарылған, бірақ тіркелімде оның кері қайтарылуы жоқ (жойылған).</translation>
    </message>
    <message>
        <source>Certificate %1 is revoked on the published CRL %2, but the register shows it valid.</source>
        <translation>%1 сертификаты жарияланған %2 КТКТ-да кері қайтарылған, бірақ тіркелімде ол жарамды болып көрінеді.</translation>
    </message>
    <message>
        <source>Certificate %1: the published CRL %2 gives reason %3, the register %4 (changed).</source>
        <translation>%1 сертификаты: жарияланған %2 КТКТ себебі %3, тіркелімде %4 (өзгертілген).</translation>
    </message>
    <message>
        <source>Certificate %1: the published CRL %2 gives the revocation time %3, the register %4 (changed).</source>
        <translation>%1 сертификаты: жарияланған %2 КТКТ кері қайтару уақыты %3, тіркелімде %4 (өзгертілген).</translation>
    </message>
    <message>
        <source>Internal error: %1 is not a protected table of the event log.</source>
        <translation>Ішкі қате: %1 оқиғалар журналының қорғалған кестесі емес.</translation>
    </message>
    <message>
        <source>Internal error: %1 is not a column of %2.</source>
        <translation>Ішкі қате: %1 — %2 кестесінің бағаны емес.</translation>
    </message>
    <message>
        <source>The %1 row %2 was changed without an event (it differs from the schema&apos;s initial value).</source>
        <translation>%1 кестесінің %2 жолы оқиғасыз өзгертілген (схеманың бастапқы мәнінен өзгеше).</translation>
    </message>
    <message>
        <source>The %1 row %2 is not recorded by any event (written outside Tirkeu).</source>
        <translation>%1 кестесінің %2 жолын ешбір оқиға жазбаған (Tirkeu-дан тыс жазылған).</translation>
    </message>
    <message>
        <source>The %1 row %2 exists although event %3 recorded its deletion.</source>
        <translation>%1 кестесінің %2 жолы бар, дегенмен %3 оқиғасы оның жойылғанын жазған.</translation>
    </message>
    <message>
        <source>The %1 row %2 was changed after event %3 recorded it.</source>
        <translation>%1 кестесінің %2 жолы %3 оқиғасы жазғаннан кейін өзгертілген.</translation>
    </message>
    <message>
        <source>The %1 row %2 recorded by event %3 is missing (deleted).</source>
        <translation>%3 оқиғасы жазған %1 кестесінің %2 жолы жоқ (жойылған).</translation>
    </message>
    <message>
        <source>Event %1 (%2) records the deletion of the %3 row %4, which no event of that type may delete: the event was forged.</source>
        <translation>%1 оқиғасы (%2) %3 кестесінің %4 жолының жойылғанын жазады, бірақ бұл түрдегі ешбір оқиға оны жоя алмайды: оқиға жалған.</translation>
    </message>
    <message>
        <source>Certificate %1: its status and its revocation record disagree (one of them was changed outside Tirkeu).</source>
        <translation>%1 сертификаты: оның мәртебесі мен кері қайтару жазбасы сәйкес келмейді (біреуі Tirkeu-дан тыс өзгертілген).</translation>
    </message>
    <message>
        <source>The published CRL %1 attests the event log up to event %2, but the register has no event %2: the log was cut or the register rolled back.</source>
        <translation>Жарияланған %1 КТКТ оқиғалар журналын %2-оқиғаға дейін куәландырады, бірақ тіркелімде %2-оқиға жоқ: журнал қысқартылған немесе тіркелім бұрынғы күйге қайтарылған.</translation>
    </message>
    <message>
        <source>The published CRL %1 attests event %2 of the event log with another hash: the log up to that event was rewritten.</source>
        <translation>Жарияланған %1 КТКТ оқиғалар журналының %2-оқиғасын басқа хэшпен куәландырады: журнал осы оқиғаға дейін қайта жазылған.</translation>
    </message>
    <message>
        <source>The signed checkpoint could not be read back.</source>
        <translation>Қол қойылған бақылау нүктесін қайта оқу мүмкін болмады.</translation>
    </message>
    <message>
        <source>%1 is not a signed checkpoint (damaged or forged).</source>
        <translation>%1 қол қойылған бақылау нүктесі емес (зақымдалған немесе жалған).</translation>
    </message>
    <message>
        <source>%1 is a checkpoint of another register.</source>
        <translation>%1 — басқа тіркелімнің бақылау нүктесі.</translation>
    </message>
    <message>
        <source>Event %1 is missing (deleted): the checkpoint signed %2 names it.</source>
        <translation>%1 оқиғасы жоқ (жойылған): %2 қол қойылған бақылау нүктесі оны атайды.</translation>
    </message>
    <message>
        <source>Events %1 to %2 are missing (deleted): the checkpoint signed %3 names event %2.</source>
        <translation>%1–%2 оқиғалары жоқ (жойылған): %3 қол қойылған бақылау нүктесі %2 оқиғасын атайды.</translation>
    </message>
    <message>
        <source>The archived head event %1 differs from the checkpoint signed %2 (forged archive batch).</source>
        <translation>Мұрағатталған %1 бас оқиғасы %2 қол қойылған бақылау нүктесінен өзгеше (жалған мұрағат бумасы).</translation>
    </message>
    <message>
        <source>Event %1 differs from the checkpoint signed %2: the chain was rewritten.</source>
        <translation>%1 оқиғасы %2 қол қойылған бақылау нүктесінен өзгеше: тізбек қайта жазылған.</translation>
    </message>
    <message>
        <source>The CRLs of %1 attest no event-log head (the CA has no crl_event_log_oid): a rewrite of the events after the last signed anchor or checkpoint cannot be found from them.</source>
        <translation>%1 КТКТ-лары оқиғалар журналының басын растамайды (КО-да crl_event_log_oid жоқ): соңғы қол қойылған анкерден немесе бақылау нүктесінен кейінгі оқиғалардың қайта жазылуын олар арқылы табу мүмкін емес.</translation>
    </message>
    <message>
        <source>No audit signing key is set up; an administrator sets one up (the command audit key init).</source>
        <translation>Аудиттің қол қою кілті бапталмаған; әкімші оны баптайды (audit key init командасы).</translation>
    </message>
    <message>
        <source>The search key of person %1 is not the one of the person&apos;s name: the person is hidden from or misplaced in the name search.</source>
        <translation>%1 тұлғасының іздеу кілті оның атына сәйкес емес: тұлға аты бойынша іздеуде жасырылған немесе басқа орында тұр.</translation>
    </message>
    <message>
        <source>The search key of organisation %1 is not the one of its name: the organisation is hidden from or misplaced in the name search.</source>
        <translation>%1 ұйымының іздеу кілті оның атауына сәйкес емес: ұйым атауы бойынша іздеуде жасырылған немесе басқа орында тұр.</translation>
    </message>
    <message>
        <source>Verification was cancelled (%1 events and %2 rows checked): no verdict on the event log.</source>
        <translation>Тексеру тоқтатылды (%1 оқиға және %2 жол тексерілді): оқиғалар журналы туралы қорытынды жоқ.</translation>
    </message>
    <message>
        <source>Checking the recorded rows…</source>
        <translation>Жазылған жолдар тексерілуде…</translation>
    </message>
    <message>
        <source>Checking the CRL partitions, the search keys and the archives…</source>
        <translation>КТКТ бөліктері, іздеу кілттері және мұрағаттар тексерілуде…</translation>
    </message>
    <message>
        <source>Checking the hash chain: %1 of %2 events…</source>
        <translation>Хэш тізбегі тексерілуде: %2 оқиғаның %1…</translation>
    </message>
    <message>
        <source>Checking the recorded rows: %1 (%2 rows so far)…</source>
        <translation>Жазылған жолдар тексерілуде: %1 (әзірге %2 жол)…</translation>
    </message>
    <message>
        <source>Event %1 (%2) names %3, who is not an operator of this register at that point; only an operator whose role allows it may %4.</source>
        <translation>%1 оқиғасы (%2) %3 атынан жазылған, бірақ ол сол сәтте бұл тіркелімнің қызметкері емес: %4 әрекетін тек рөлі рұқсат ететін қызметкер жасай алады.</translation>
    </message>
    <message>
        <source>Event %1 (%2): the account %3 was disabled at that point and may not %4.</source>
        <translation>%1 оқиғасы (%2): %3 есептік жазбасы сол сәтте өшірілген еді, оған рұқсат жоқ: %4.</translation>
    </message>
    <message>
        <source>Event %1 (%2): %3 was %4 at that point by the event log, and that role may not %5; the role was changed outside Tirkeu, or the event was forged.</source>
        <translation>%1 оқиғасы (%2): оқиғалар журналы бойынша %3 сол сәтте %4 еді, бұл рөлге рұқсат жоқ: %5; рөл Tirkeu-дан тыс өзгертілген немесе оқиға жалған.</translation>
    </message>
    <message>
        <source>The event log&apos;s newest event has the number %1, which Tirkeu never writes: the register was changed outside Tirkeu. Nothing is recorded; check it with audit verify.</source>
        <translation>Оқиғалар журналының ең соңғы оқиғасының нөмірі %1, мұндай нөмірді Tirkeu ешқашан жазбайды: тізілім Tirkeu-ды айналып өзгертілген. Ештеңе жазылмады; тізілімді audit verify арқылы тексеріңіз.</translation>
    </message>
    <message>
        <source>Event %1 (%2) binds the %3 row %4, which no event of that type changes: the event was forged.</source>
        <translation>%1 оқиғасы (%2) %3 кестесінің %4 жолын байлайды, бірақ бұл түрдегі ешбір оқиға ол кестені өзгертпейді: оқиға жалған.</translation>
    </message>
    <message>
        <source>Event %1 (%5) binds the %2 row %3 with a content other than the one event %4 recorded; such an event only carries rows as they were: the event was forged.</source>
        <translation>%1 оқиғасы (%5) %2 кестесінің %3 жолын %4 оқиғасы жазғаннан басқа мазмұнмен байлайды; мұндай оқиға жолдарды тек бұрынғы күйінде алып жүреді: оқиға жалған.</translation>
    </message>
    <message>
        <source>%1 is not an operator of this register: nothing is recorded.</source>
        <translation>%1 бұл тіркелімнің операторы емес: ештеңе тіркелген жоқ.</translation>
    </message>
    <message>
        <source>The account %1 has been disabled since it signed in: nothing is recorded.</source>
        <translation>%1 тіркелгісі жүйеге кіргеннен кейін өшірілген: ештеңе тіркелген жоқ.</translation>
    </message>
    <message>
        <source>The account %1 now has the role %2, which may not %3: nothing is recorded. Sign in again.</source>
        <translation>%1 тіркелгісінің қазір %2 рөлі бар, ол мына әрекетке құқылы емес: %3. Ештеңе тіркелген жоқ. Жүйеге қайта кіріңіз.</translation>
    </message>
    <message>
        <source>Events written by a computer whose clock was behind the event log: %1 (the first: event %2; at most %3 s behind). They are dated at the newest event&apos;s time, or at the start of the day after a signed day. Check the clocks of the computers that use the register.</source>
        <translation>Сағаты оқиғалар журналынан артта қалған компьютер жазған оқиғалар: %1 (біріншісі: %2 оқиға; ең көбі %3 с артта). Олар ең соңғы оқиғаның уақытымен немесе қол қойылған күннен кейінгі күннің басымен белгіленген. Тіркелімді пайдаланатын компьютерлердің сағаттарын тексеріңіз.</translation>
    </message>
    <message>
        <source>The register&apos;s guards are not the ones Tirkeu creates (%1): they were changed outside Tirkeu, and the records they protect (certificates, revocations, the event log, retention periods) can now be changed or deleted without a refusal. Restore the register from a backup, or put the guards back (db migrate into a new register).</source>
        <translation>Тіркелімнің қорғаныш триггерлері Tirkeu жасайтындар емес (%1): олар Tirkeu-дан тыс өзгертілген, енді олар қорғайтын жазбаларды (тіркеу куәліктері, кері қайтарып алулар, оқиғалар журналы, сақтау мерзімдері) ешбір тыйымсыз өзгертуге немесе жоюға болады. Тіркелімді сақтық көшірмеден қалпына келтіріңіз немесе қорғанышты қайта орнатыңыз (db migrate арқылы жаңа тіркелімге көшіріңіз).</translation>
    </message>
    <message>
        <source>Event %1 records that the register was moved to %2 (db migrate), but the mark that keeps the old register read only was removed outside Tirkeu: whatever was written here since (%3 events) is missing from the register in use. Use the register at %2.</source>
        <translation>%1 оқиғасы тіркелімнің %2 орнына көшірілгенін жазады (db migrate), бірақ ескі тіркелімді тек оқуға арналған етіп ұстайтын белгі Tirkeu-дан тыс жойылған: содан бері мұнда жазылғанның бәрі (%3 оқиға) қолданыстағы тіркелімде жоқ. %2 тіркелімін пайдаланыңыз.</translation>
    </message>
    <message>
        <source>Event %1 records that the register was moved to %2 (db migrate), yet %3 events were written into it after the move: they are missing from the register in use. Use the register at %2.</source>
        <translation>%1 оқиғасы тіркелімнің %2 орнына көшірілгенін жазады (db migrate), алайда көшірілгеннен кейін оған %3 оқиға жазылған: олар қолданыстағы тіркелімде жоқ. %2 тіркелімін пайдаланыңыз.</translation>
    </message>
    <message>
        <source>This register was moved to %1 (event %2, db migrate) and is read only: the register in use is at %1.</source>
        <translation>Бұл тіркелім %1 орнына көшірілген (%2 оқиға, db migrate) және тек оқуға арналған: қолданыстағы тіркелім %1 орнында.</translation>
    </message>
    <message>
        <source>The register&apos;s audit signing key (SHA-256 %1, %2) is not the one its event log set up (%3): it was changed outside Tirkeu. Nothing is signed with it; check the anchors with the audit public key you kept (audit verify --anchor-key).</source>
        <translation>Тіркелімнің аудит қолтаңба кілті (SHA-256 %1, %2) оның оқиғалар журналы орнатқан кілт емес (%3): ол Tirkeu-дан тыс өзгертілген. Онымен ештеңе қол қойылмайды; зәкірлерді өзіңіз сақтаған аудиттің ашық кілтімен тексеріңіз (audit verify --anchor-key).</translation>
    </message>
    <message>
        <source>no audit.key_set event</source>
        <translation>audit.key_set оқиғасы жоқ</translation>
    </message>
    <message>
        <source>The register carries a mark saying it was moved to %1, but no event of its log records such a move: the mark was written outside Tirkeu (do not point anything at that address).</source>
        <translation>Тіркелімде оның %1 орнына көшірілгені туралы белгі бар, бірақ оның журналындағы бірде-бір оқиға мұндай көшіруді жазбаған: белгі Tirkeu-дан тыс жазылған (ештеңені бұл мекенжайға бағыттамаңыз).</translation>
    </message>
    <message>
        <source>The register carries a mark saying the event log was signed through %1, a day that is not over yet: the mark was written outside Tirkeu. Nothing is signed until it is explained (audit verify).</source>
        <translation>Тіркелімде оқиғалар журналы %1 дейін қол қойылған деген белгі бар, ал ол күн әлі біткен жоқ: белгі Tirkeu-дан тыс жазылған. Ол түсіндірілмейінше ештеңеге қол қойылмайды (audit verify).</translation>
    </message>
    <message>
        <source>The register carries a mark saying the event log was signed through %1, a day that is not over yet: the mark was written outside Tirkeu (no event is dated by it). Find out who writes to the database directly.</source>
        <translation>Тіркелімде оқиғалар журналы %1 дейін қол қойылған деген белгі бар, ал ол күн әлі біткен жоқ: белгі Tirkeu-дан тыс жазылған (бірде-бір оқиға ол бойынша күнмен белгіленбейді). Дерекқорға тікелей кім жазатынын анықтаңыз.</translation>
    </message>
    <message>
        <source>The register carries a mark (meta moving_from) saying it is an unfinished copy of %1 (db migrate), but its event log does not end in the register.migrated event of such a copy: the mark was written outside Tirkeu (do not delete or replace the register because of it).</source>
        <translation>Тіркелімде оның %1 тіркелімінің аяқталмаған көшірмесі екені туралы белгі (meta moving_from) бар (db migrate), бірақ оның оқиғалар журналы мұндай көшірменің register.migrated оқиғасымен аяқталмайды: белгі Tirkeu-дан тыс жазылған (осы белгі үшін тіркелімді жоймаңыз және ауыстырмаңыз).</translation>
    </message>
    <message>
        <source>The CA %1 is linked to %2 of this register: %3</source>
        <translation>%1 КО осы тіркелімнің %2 КО-сына байланыстырылған: %3</translation>
    </message>
    <message>
        <source>Nothing is recorded.</source>
        <translation>Ештеңе жазылмады.</translation>
    </message>
    <message>
        <source>Event %1 of the event log is dated %2, more than a day after this computer&apos;s clock (%3): it was written outside Tirkeu or by a computer whose clock is far ahead. Check the computers&apos; clocks and who writes to the database directly; the register from before it is in the backups.</source>
        <translation>Оқиғалар журналының %1 оқиғасы %2 күнімен белгіленген, бұл компьютердің сағатынан (%3) бір күннен астам кейін: ол Tirkeu-дан тыс немесе сағаты көп алда тұрған компьютерде жазылған. Компьютерлердің сағаттарын және дерекқорға тікелей кім жазатынын тексеріңіз; тіркелімнің осы оқиғаға дейінгі күйі резервтік көшірмелерде бар.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Backup</name>
    <message>
        <source>Cannot start the copy: %1</source>
        <translation>Көшіруді бастау мүмкін емес: %1</translation>
    </message>
    <message>
        <source>The copy failed: %1</source>
        <translation>Көшіру сәтсіз аяқталды: %1</translation>
    </message>
    <message>
        <source>%1 is not installed (Debian package postgresql-client).</source>
        <translation>%1 орнатылмаған (Debian пакеті: postgresql-client).</translation>
    </message>
    <message>
        <source>Cannot start %1.</source>
        <translation>%1 іске қосу мүмкін емес.</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 сәтсіз аяқталды: %2</translation>
    </message>
    <message>
        <source>The copy of table %1 has %2 rows instead of %3.</source>
        <translation>%1 кестесінің көшірмесінде %3 жолдың орнына %2 жол бар.</translation>
    </message>
    <message>
        <source>The audit chain of the copy is broken: %1</source>
        <translation>Көшірменің аудит тізбегі бұзылған: %1</translation>
    </message>
    <message>
        <source>Copying table %1 failed</source>
        <translation>%1 кестесін көшіру сәтсіз аяқталды</translation>
    </message>
    <message>
        <source>Copying table %1 failed at row %2</source>
        <translation>%1 кестесін көшіру %2-жолда сәтсіз аяқталды</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 файлын оқу мүмкін емес: %2</translation>
    </message>
    <message>
        <source>The tables %1 reference each other in a cycle.</source>
        <translation>%1 кестелері бір-біріне циклді түрде сілтейді.</translation>
    </message>
    <message>
        <source>No backup file given.</source>
        <translation>Резервтік көшірме файлы көрсетілмеген.</translation>
    </message>
    <message>
        <source>%1 already exists; a backup never overwrites a file.</source>
        <translation>%1 бұрыннан бар; резервтік көшірме ешқашан файлды қайта жазбайды.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>%1 қалтасы жоқ.</translation>
    </message>
    <message>
        <source>pg_dump is not installed on this computer (Debian package postgresql-client). Back up the PostgreSQL register with: %1</source>
        <translation>Бұл компьютерде pg_dump орнатылмаған (Debian пакеті: postgresql-client). PostgreSQL тіркелімінің резервтік көшірмесін мына командамен жасаңыз: %1</translation>
    </message>
    <message>
        <source>Cannot create %1.</source>
        <translation>%1 файлын құру мүмкін емес.</translation>
    </message>
    <message>
        <source>The backup copy failed its integrity check: %1</source>
        <translation>Резервтік көшірме тұтастықты тексеруден өтпеді: %1</translation>
    </message>
    <message>
        <source>The source and the target are the same register.</source>
        <translation>Бастапқы және мақсатты тіркелімдер бірдей.</translation>
    </message>
    <message>
        <source>The target register %1 is not empty; a register is moved only into an empty one.</source>
        <translation>%1 мақсатты тіркелімі бос емес; тіркелім тек бос тіркелімге көшіріледі.</translation>
    </message>
    <message>
        <source>The source and the target have different schema migrations.</source>
        <translation>Бастапқы және мақсатты тіркелімдердің схема миграциялары әртүрлі.</translation>
    </message>
    <message>
        <source>The target register has no table %1.</source>
        <translation>Мақсатты тіркелімде %1 кестесі жоқ.</translation>
    </message>
    <message>
        <source>%1 is neither a Tirkeu SQLite backup nor a pg_dump file of a register.</source>
        <translation>%1 Tirkeu SQLite резервтік көшірмесі де, тіркелімнің pg_dump файлы да емес.</translation>
    </message>
    <message>
        <source>A pg_dump file is restored only into a PostgreSQL register.</source>
        <translation>pg_dump файлы тек PostgreSQL тіркеліміне қалпына келтіріледі.</translation>
    </message>
    <message>
        <source>The database %1 is not empty; restore a pg_dump file into a new database (createdb).</source>
        <translation>%1 дерекқоры бос емес; pg_dump файлын жаңа дерекқорға қалпына келтіріңіз (createdb).</translation>
    </message>
    <message>
        <source>Cannot create a temporary folder.</source>
        <translation>Уақытша қалтаны құру мүмкін емес.</translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation>%1 файлын оқу мүмкін емес.</translation>
    </message>
    <message>
        <source>The backup %1 is damaged: %2</source>
        <translation>%1 резервтік көшірмесі зақымдалған: %2</translation>
    </message>
    <message>
        <source>The register %1 is not empty; restore into a new file, or pass --replace to overwrite it.</source>
        <translation>%1 тіркелімі бос емес; жаңа файлға қалпына келтіріңіз немесе оны қайта жазу үшін --replace көрсетіңіз.</translation>
    </message>
    <message>
        <source>Cannot reach the SQLite connection.</source>
        <translation>SQLite қосылымына қол жеткізу мүмкін емес.</translation>
    </message>
    <message>
        <source>Other users can open the folder %1; a backup holds personal data. Choose a private folder, or close it first (chmod o-rwx).</source>
        <translation>%1 қалтасын басқа пайдаланушылар аша алады; сақтық көшірмеде дербес деректер бар. Жеке қалтаны таңдаңыз немесе алдымен оны жабыңыз (chmod o-rwx).</translation>
    </message>
    <message>
        <source>Only an administrator may restore a register: add --as LOGIN and --password-file FILE (or set TIRKEU_PASSWORD).</source>
        <translation>Тек әкімші ғана тіркелімді қалпына келтіре алады: --as LOGIN және --password-file FILE қосыңыз (немесе TIRKEU_PASSWORD орнатыңыз).</translation>
    </message>
    <message>
        <source>Give the reason for accepting the rollback with --reason TEXT; it is recorded in the event log.</source>
        <translation>Кері шегінуді қабылдау себебін --reason TEXT арқылы көрсетіңіз; ол оқиғалар журналына жазылады.</translation>
    </message>
    <message>
        <source>--reason goes with --accept-rollback.</source>
        <translation>--reason тек --accept-rollback бірге қолданылады.</translation>
    </message>
    <message>
        <source>The backup %1 cannot be opened: %2</source>
        <translation>%1 сақтық көшірмесін ашу мүмкін емес: %2</translation>
    </message>
    <message>
        <source>The register %1 cannot be read (%2), so it is unknown which CRLs and anchors it had published. Restore over it only with --replace --accept-rollback --reason TEXT.</source>
        <translation>%1 тіркелімін оқу мүмкін емес (%2), сондықтан оның қандай КТКТ-лар мен якорьларды жариялағаны белгісіз. Оның үстіне тек --replace --accept-rollback --reason TEXT арқылы қалпына келтіріңіз.</translation>
    </message>
    <message>
        <source>The register %1 cannot be read (%2); pass --replace to overwrite it.</source>
        <translation>%1 тіркелімін оқу мүмкін емес (%2); оны қайта жазу үшін --replace көрсетіңіз.</translation>
    </message>
    <message>
        <source>CA %1 published CRL number %2, the backup knows only up to %3</source>
        <translation>%1 КО %2 нөмірлі КТКТ жариялады, сақтық көшірме тек %3 дейін біледі</translation>
    </message>
    <message>
        <source>the register has audit anchors up to %1, the backup only up to %2</source>
        <translation>тіркелімде %1 дейінгі аудит якорьлары бар, сақтық көшірмеде тек %2 дейін</translation>
    </message>
    <message>
        <source>none</source>
        <translation>жоқ</translation>
    </message>
    <message>
        <source>Cannot move the damaged register %1 aside.</source>
        <translation>%1 зақымдалған тіркелімін шетке жылжыту мүмкін емес.</translation>
    </message>
    <message>
        <source>The backup was cancelled: no backup file was written.</source>
        <translation>Сақтық көшірме тоқтатылды: ешбір көшірме файлы жазылмады.</translation>
    </message>
    <message>
        <source>Copying the register: %1 of %2 pages…</source>
        <translation>Тіркелім көшірілуде: %2 беттің %1…</translation>
    </message>
    <message>
        <source>pg_dump is copying the register…</source>
        <translation>pg_dump тіркелімді көшіруде…</translation>
    </message>
    <message>
        <source>Checking the copy…</source>
        <translation>Көшірме тексерілуде…</translation>
    </message>
    <message>
        <source>The copy was cancelled: nothing was written into %1.</source>
        <translation>Көшіру тоқтатылды: %1 ішіне ештеңе жазылмады.</translation>
    </message>
    <message>
        <source>Copying table %1…</source>
        <translation>%1 кестесі көшірілуде…</translation>
    </message>
    <message>
        <source>The restore was cancelled before the register was written: nothing changed.</source>
        <translation>Қалпына келтіру тіркелім жазылмай тұрып тоқтатылды: ештеңе өзгерген жоқ.</translation>
    </message>
    <message>
        <source>Reading the backup…</source>
        <translation>Сақтық көшірме оқылуда…</translation>
    </message>
    <message>
        <source>Checking every table of the backup…</source>
        <translation>Сақтық көшірменің әр кестесі тексерілуде…</translation>
    </message>
    <message>
        <source>Recording the restore in the copy…</source>
        <translation>Қалпына келтіру көшірмеге жазылуда…</translation>
    </message>
    <message>
        <source>Copying the tables into the database…</source>
        <translation>Кестелер дерекқорға көшірілуде…</translation>
    </message>
    <message>
        <source>Writing the restored register…</source>
        <translation>Қалпына келтірілген тіркелім жазылуда…</translation>
    </message>
    <message>
        <source>Checking the restored register…</source>
        <translation>Қалпына келтірілген тіркелім тексерілуде…</translation>
    </message>
    <message>
        <source>The register is restored.</source>
        <translation>Тіркелім қалпына келтірілді.</translation>
    </message>
    <message>
        <source>The backup %1 is refused: after the restore&apos;s own event it fails its check (%2). Nothing was changed.</source>
        <translation>%1 сақтық көшірмесі қабылданбады: қалпына келтірудің өз оқиғасынан кейін ол тексеруден өтпейді (%2). Ештеңе өзгертілген жоқ.</translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>тағы %n</numerusform>
            <numerusform>тағы %n</numerusform>
        </translation>
    </message>
    <message>
        <source>The backup %1 is refused: its schema is not the one Tirkeu creates (%2). Its triggers, views, tables or indexes were changed outside Tirkeu; such a backup could run its own SQL in the register. Nothing was changed; restore another backup.</source>
        <translation>%1 сақтық көшірмесі қабылданбады: оның сұлбасы Tirkeu жасайтын сұлба емес (%2). Оның триггерлері, көріністері, кестелері немесе индекстері Tirkeu-дан тыс өзгертілген; мұндай сақтық көшірме тіркелімде өз SQL-ін орындай алар еді. Ештеңе өзгертілген жоқ; басқа сақтық көшірмені қалпына келтіріңіз.</translation>
    </message>
    <message>
        <source>The backup %1 is refused: it holds %2, which Tirkeu&apos;s schema does not have. A pg_dump file is a program as much as data; nothing of it was run and nothing was changed. Restore another backup.</source>
        <translation>%1 сақтық көшірмесі қабылданбады: онда Tirkeu сұлбасында жоқ %2 бар. pg_dump файлы деректер ғана емес, бағдарлама да; одан ештеңе орындалған жоқ және ештеңе өзгертілген жоқ. Басқа сақтық көшірмені қалпына келтіріңіз.</translation>
    </message>
    <message>
        <source>a row that does not fit its table</source>
        <translation>өз кестесіне сәйкес келмейтін жол</translation>
    </message>
    <message>
        <source>an unfinished table</source>
        <translation>аяқталмаған кесте</translation>
    </message>
    <message>
        <source>the table %1</source>
        <translation>%1 кестесі</translation>
    </message>
    <message>
        <source>the column %1 of the table %2</source>
        <translation>%2 кестесінің %1 бағаны</translation>
    </message>
    <message>
        <source>a value of the column %1 of the table %2</source>
        <translation>%2 кестесінің %1 бағанының мәні</translation>
    </message>
    <message>
        <source>The backup %1 cannot be read into a register: %2</source>
        <translation>%1 сақтық көшірмесін тіркелімге оқу мүмкін емес: %2</translation>
    </message>
    <message>
        <source>Cannot find a free name to keep the replaced register %1 under; nothing was changed.</source>
        <translation>Ауыстырылатын %1 тіркелімін сақтау үшін бос атау табылмады; ештеңе өзгертілмеді.</translation>
    </message>
    <message>
        <source>Cannot read the mode of the register %1: %2</source>
        <translation>%1 тіркелімінің рұқсаттарын оқу мүмкін емес: %2</translation>
    </message>
    <message>
        <source>Cannot keep the replaced register as %1: %2; nothing was changed.</source>
        <translation>Ауыстырылатын тіркелімді %1 ретінде сақтау мүмкін емес: %2; ештеңе өзгертілмеді.</translation>
    </message>
    <message>
        <source>The register was copied into %1, but the source could not be marked as moved (%2): write only into %1 from now on.</source>
        <translation>Тіркелім %1 ішіне көшірілді, бірақ бастапқы тіркелімді көшірілген деп белгілеу мүмкін болмады (%2): бұдан былай тек %1 ішіне жазыңыз.</translation>
    </message>
    <message>
        <source>The register %1 was moved to %2 (db migrate) and is read only; nothing was changed. Restore into the register in use at %2, or into a new file.</source>
        <translation>%1 тіркелімі %2 орнына көшірілген (db migrate) және тек оқуға арналған; ештеңе өзгертілмеді. %2 орнындағы қолданыстағы тіркелімге немесе жаңа файлға қалпына келтіріңіз.</translation>
    </message>
    <message numerus="yes">
        <source>%n revocation(s) the backup does not have, or has otherwise, which OCSP may already have answered as revoked: %1</source>
        <translation>
            <numerusform>Сақтық көшірмеде жоқ немесе басқаша жазылған %n кері қайтару, оларға OCSP кері қайтарылған деп жауап берген болуы мүмкін: %1</numerusform>
            <numerusform>Сақтық көшірмеде жоқ немесе басқаша жазылған %n кері қайтару, оларға OCSP кері қайтарылған деп жауап берген болуы мүмкін: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n certificate(s) issued after the backup, which the restored register would not know: %1</source>
        <translation>
            <numerusform>Сақтық көшірмеден кейін шығарылған %n сертификат, оларды қалпына келтірілген тіркелім білмес еді: %1</numerusform>
            <numerusform>Сақтық көшірмеден кейін шығарылған %n сертификат, оларды қалпына келтірілген тіркелім білмес еді: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 holds an unfinished copy of %2 from a db migrate that stopped before %2 was retired; it was never used (it refuses every write). Remove it (delete the file, or drop and create the PostgreSQL database) and run db migrate again.</source>
        <translation>%1 ішінде %2 істен шығарылмай тұрып тоқтаған db migrate қалдырған %2 тіркелімінің аяқталмаған көшірмесі бар; ол ешқашан пайдаланылмаған (кез келген жазудан бас тартады). Оны жойыңыз (файлды өшіріңіз немесе PostgreSQL дерекқорын жойып, қайта жасаңыз) және db migrate командасын қайта іске қосыңыз.</translation>
    </message>
    <message>
        <source>The register was moved to %1, but the copy could not be opened for writing (%2): run the same db migrate again to finish the move.</source>
        <translation>Тіркелім %1 орнына көшірілді, бірақ көшірмені жазу үшін ашу мүмкін болмады (%2): көшіруді аяқтау үшін сол db migrate командасын қайта іске қосыңыз.</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Себеп</translation>
    </message>
    <message>
        <source>db migrate moves a PostgreSQL register only as its schema owner (the role that ran db init), not as the application role: %1. Nothing was changed.</source>
        <translation>db migrate PostgreSQL тіркелімін тек оның схема иесі ретінде (db init орындаған рөл) көшіреді, қолданба рөлі ретінде емес: %1. Ештеңе өзгертілмеді.</translation>
    </message>
    <message>
        <source>%1 holds an unfinished copy of %2 from another db migrate: %2 was moved to %3, which is the register in use. This copy was never used (it refuses every write); remove it when you have checked that %3 takes writes.</source>
        <translation>%1 ішінде басқа db migrate жасаған %2 тіркелімінің аяқталмаған көшірмесі бар: %2 тіркелімі %3 орнына көшірілген, қазір қолданыстағы тіркелім — сол. Бұл көшірме ешқашан пайдаланылмаған (ол кез келген жазуды қабылдамайды); %3 жазуларды қабылдайтынын тексергеннен кейін оны жойыңыз.</translation>
    </message>
    <message>
        <source>what was recorded after the backup (operators disabled, roles, passwords, CA settings, applications…): %1</source>
        <translation>сақтық көшірмеден кейін тіркелгендер (өшірілген операторлар, рөлдер, құпиясөздер, КО баптаулары, өтініштер…): %1</translation>
    </message>
    <message>
        <source>The backup is older than what the register has already recorded or published (%1). Restoring it would take back decisions, revocations and published evidence. If that is really wanted, repeat with --accept-rollback --reason TEXT; the rollback is recorded.</source>
        <translation>Сақтық көшірме тіркелім тіркеген немесе жариялағаннан ескірек (%1). Оны қалпына келтіру шешімдерді, кері қайтарып алуларды және жарияланған дәлелдерді жояды. Егер бұл шынымен қажет болса, --accept-rollback --reason TEXT арқылы қайталаңыз; кері шегіну тіркеледі.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::BatchRequests</name>
    <message>
        <source>There is no folder %1.</source>
        <translation>%1 қалтасы жоқ.</translation>
    </message>
    <message>
        <source>%1 holds requests whose names are not &lt;application&gt;.csr or &lt;application&gt;-&lt;person&gt;.csr (-auth.csr for the authentication key): %2</source>
        <translation>%1 ішінде атаулары &lt;өтініш&gt;.csr немесе &lt;өтініш&gt;-&lt;тұлға&gt;.csr емес сұраулар бар (аутентификация кілті үшін -auth.csr): %2</translation>
    </message>
    <message>
        <source>%1 has no %2.csr beside %3.</source>
        <translation>%1 қалтасында %3 жанында %2.csr жоқ.</translation>
    </message>
    <message>
        <source>%1, line %2: expected application,person,csr[,auth_csr[,media_serial]] (person empty unless a letter).</source>
        <translation>%1, %2-жол: application,person,csr[,auth_csr[,media_serial]] күтілді (person тек хат үшін толтырылады).</translation>
    </message>
    <message>
        <source>No certificate request found.</source>
        <translation>Тіркеу куәлігіне сұрау табылмады.</translation>
    </message>
    <message>
        <source>Choose the folder for the certificates.</source>
        <translation>Тіркеу куәліктеріне арналған қалтаны таңдаңыз.</translation>
    </message>
    <message>
        <source>%1 already exists: no certificate file is overwritten. Choose another folder for the certificates.</source>
        <translation>%1 бар: ешбір тіркеу куәлігі файлы қайта жазылмайды. Тіркеу куәліктеріне басқа қалта таңдаңыз.</translation>
    </message>
    <message>
        <source>Application %1 is listed twice.</source>
        <translation>%1 өтініші екі рет көрсетілген.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>%1 қалтасын жасау мүмкін емес.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::CaDirectory</name>
    <message>
        <source>A CA code is 2 to 32 characters: capital Latin letters, digits, dash or underscore (e.g. NCA-RSA).</source>
        <translation>КО коды 2-ден 32-ге дейін таңбадан тұрады: латынның бас әріптері, цифрлар, дефис немесе астын сызу (мысалы, NCA-RSA).</translation>
    </message>
    <message>
        <source>The CA name is required.</source>
        <translation>КО атауы міндетті.</translation>
    </message>
    <message>
        <source>A CA with the code %1 already exists.</source>
        <translation>%1 коды бар КО бұрыннан бар.</translation>
    </message>
    <message>
        <source>There is no CA %1 in this register.</source>
        <translation>Бұл тіркелімде %1 КО жоқ.</translation>
    </message>
    <message>
        <source>%1 must be a whole number of hours.</source>
        <translation>%1 мәні бүтін сағат саны болуы тиіс.</translation>
    </message>
    <message>
        <source>%1 must be a text.</source>
        <translation>%1 мәні мәтін болуы тиіс.</translation>
    </message>
    <message>
        <source>The CRL period is a whole number of hours from 1 to 720.</source>
        <translation>КТКТ кезеңі 1-ден 720-ға дейінгі бүтін сағат саны болуы тиіс.</translation>
    </message>
    <message>
        <source>The delta CRL period is a whole number of hours from 1 to the CRL period (%1).</source>
        <translation>Дельта-КТКТ кезеңі 1-ден КТКТ кезеңіне (%1) дейінгі бүтін сағат саны болуы тиіс.</translation>
    </message>
    <message>
        <source>%1 is not an http, https or ldap address: %2</source>
        <translation>%1 http, https немесе ldap мекенжайы емес: %2</translation>
    </message>
    <message>
        <source>The publish folder must be an absolute path: %1</source>
        <translation>Жариялау қалтасы абсолюттік жол болуы тиіс: %1</translation>
    </message>
    <message>
        <source>Unknown CA setting: %1. Known settings: %2.</source>
        <translation>Белгісіз КО параметрі: %1. Белгілі параметрлер: %2.</translation>
    </message>
    <message>
        <source>%1 must be a whole number of hours: %2</source>
        <translation>%1 сағаттың бүтін саны болуы тиіс: %2</translation>
    </message>
    <message>
        <source>%1 is true or false: %2</source>
        <translation>%1 — true немесе false: %2</translation>
    </message>
    <message>
        <source>%1 is true or false.</source>
        <translation>%1 — true немесе false.</translation>
    </message>
    <message>
        <source>The root CRL period is a whole number of hours from 1 to 8760.</source>
        <translation>Түбірлік КТКТ кезеңі — 1-ден 8760-қа дейінгі сағаттың бүтін саны.</translation>
    </message>
    <message>
        <source>subca_policy_oids: &quot;%1&quot; is not a policy OID (dotted digits, e.g. 1.2.398.3.3.2.1).</source>
        <translation>subca_policy_oids: «%1» саясат OID-і емес (нүктемен бөлінген цифрлар, мысалы 1.2.398.3.3.2.1).</translation>
    </message>
    <message>
        <source>subject_organisation is longer than 64 characters (RFC 5280).</source>
        <translation>subject_organisation 64 таңбадан ұзын (RFC 5280).</translation>
    </message>
    <message>
        <source>crl_event_log_oid: &quot;%1&quot; is not an OID of dotted numbers of at most 9 digits each (one from the CA&apos;s own registered arc).</source>
        <translation>crl_event_log_oid: «%1» — әрқайсысы 9 цифрдан аспайтын, нүктемен бөлінген сандардан тұратын OID емес (КО-ның өз тіркелген тармағынан болуы керек).</translation>
    </message>
    <message>
        <source>The CA %1 does not issue until its publication pointers are set: %2 (Settings → CAs, or the command ca set --code %1 KEY=VALUE).</source>
        <translation>Жариялау сілтемелері орнатылмайынша %1 КО куәлік бермейді: %2 (Баптаулар → КО-лар немесе ca set --code %1 KEY=VALUE командасы).</translation>
    </message>
    <message>
        <source>%1 must be a whole number of bytes: %2</source>
        <translation>%1 байттың бүтін саны болуы керек: %2</translation>
    </message>
    <message>
        <source>crl_partition needs cdp_url: each partition&apos;s CRL address is made from it (e.g. http://crl.example.kz/NCA.crl → NCA-s07.crl).</source>
        <translation>crl_partition үшін cdp_url қажет: әр бөліктің КТКТ мекенжайы одан жасалады (мысалы, http://crl.example.kz/NCA.crl → NCA-s07.crl).</translation>
    </message>
    <message>
        <source>crl_partition_min_bytes is a whole number of bytes, 0 or more.</source>
        <translation>crl_partition_min_bytes — байттың бүтін саны, 0 немесе одан көп.</translation>
    </message>
    <message>
        <source>The CA %1 already has the name %2: each CA&apos;s name is its own (it names the issuer of every certificate and CRL).</source>
        <translation>%1 КО-ның атауы бұрыннан %2: әр КО-ның өз атауы бар (ол әр тіркеу куәлігі мен КТКТ-ның берушісін атайды).</translation>
    </message>
    <message>
        <source>The name %1 makes the issuer name %2, which is the name of the CA %3 of this register (its certificate&apos;s subject, or the name its settings compose): each CA&apos;s name is its own (it names the issuer of every certificate and CRL).</source>
        <translation>%1 атауы %2 шығарушы атауын құрайды, ал бұл — осы тіркелімдегі %3 КО атауы (оның сертификатының субъектісі немесе баптаулары құрайтын атау): әр КО атауы тек өзіне тиесілі (ол әрбір сертификат пен КТКТ шығарушысын атайды).</translation>
    </message>
    <message>
        <source>The certificate of the CA %1 (serial %2) was revoked by the CA %3 on %4 (%5): its key certifies nothing any more.</source>
        <translation>%1 КО сертификатын (сериялық нөмірі %2) %3 КО %4 кері қайтарып алды (%5): оның кілті енді ештеңені куәландырмайды.</translation>
    </message>
    <message>
        <source>no key yet</source>
        <translation>әлі кілт жоқ</translation>
    </message>
    <message>
        <source>waiting for the parent CA&apos;s certificate</source>
        <translation>аталық КО куәлігін күтуде</translation>
    </message>
    <message>
        <source>certificate unreadable</source>
        <translation>куәлік оқылмайды</translation>
    </message>
    <message>
        <source>certificate valid from %1</source>
        <translation>куәлік %1 бастап жарамды</translation>
    </message>
    <message>
        <source>certificate valid until %1</source>
        <translation>куәлік %1 дейін жарамды</translation>
    </message>
    <message>
        <source>certificate expired on %1</source>
        <translation>куәліктің мерзімі %1 аяқталды</translation>
    </message>
    <message>
        <source>certificate on hold by the CA %1 since %2: certifies nothing</source>
        <translation>куәлікті %1 КО %2 бастап тоқтатып қойған: ештеңені куәландырмайды</translation>
    </message>
    <message>
        <source>certificate revoked by the CA %1 on %2 (%3): certifies nothing</source>
        <translation>куәлікті %1 КО %2 кері қайтарып алған (%3): ештеңені куәландырмайды</translation>
    </message>
    <message>
        <source>The CA %1 of this register has no record of issuing the certificate %2: it was signed with %1&apos;s key outside Tirkeu, so it is in no journal and %1 could never revoke it. Have %1 issue the certificate through a ROOT-ISSUE application, and investigate how its key came to be used outside Tirkeu.</source>
        <translation>Бұл тіркелімдегі %1 КО-да %2 куәлігін бергені туралы жазба жоқ: ол %1 кілтімен Tirkeu-дан тыс қол қойылған, сондықтан ешбір журналда жоқ және %1 оны ешқашан кері қайтарып ала алмайды. Куәлікті %1 арқылы ROOT-ISSUE өтінімі бойынша беріңіз және оның кілті Tirkeu-дан тыс қалай пайдаланылғанын тексеріңіз.</translation>
    </message>
    <message>
        <source>CA name</source>
        <translation>КО атауы</translation>
    </message>
    <message>
        <source>The name %1 reads as the name %2 of the CA %3 (letters of another alphabet that look the same): each CA&apos;s name is its own.</source>
        <translation>%1 атауы %3 КО-ның %2 атауы болып оқылады (көрінісі бірдей басқа әліпбидің әріптері): әр КО-ның атауы өзінікі.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::CaEngine</name>
    <message>
        <source>The application asks for neither signing nor authentication; there is no certificate to issue.</source>
        <translation>Өтініште қол қою да, аутентификация да сұралмаған; берілетін тіркеу куәлігі жоқ.</translation>
    </message>
    <message>
        <source>The application names no role of the applicant in the organisation; the legal-entity profiles need one.</source>
        <translation>Өтініште өтініш берушінің ұйымдағы рөлі көрсетілмеген; заңды тұлға бейіндері үшін ол қажет.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a certificate serial number (hexadecimal digits, colons allowed).</source>
        <translation>«%1» — тіркеу куәлігінің сериялық нөмірі емес (он алтылық цифрлар, қос нүктеге рұқсат етіледі).</translation>
    </message>
    <message>
        <source>A certificate serial number has at most 20 bytes: %1</source>
        <translation>Тіркеу куәлігінің сериялық нөмірі ең көбі 20 байт болады: %1</translation>
    </message>
    <message>
        <source>A CA certificate is valid for 1 to 30 years.</source>
        <translation>КО тіркеу куәлігінің әрекет ету мерзімі 1 жылдан 30 жылға дейін.</translation>
    </message>
    <message>
        <source>No file given for the CA key.</source>
        <translation>КО кілтіне арналған файл көрсетілмеген.</translation>
    </message>
    <message>
        <source>%1 already exists; a CA key file is never overwritten.</source>
        <translation>%1 бұрыннан бар; КО кілті файлы ешқашан қайта жазылмайды.</translation>
    </message>
    <message>
        <source>The CA %1 already has a certificate.</source>
        <translation>%1 КО-ның тіркеу куәлігі бұрыннан бар.</translation>
    </message>
    <message>
        <source>The CA %1 has ceased operation.</source>
        <translation>%1 КО қызметін тоқтатқан.</translation>
    </message>
    <message>
        <source>There is no application number %1.</source>
        <translation>№%1 өтініш жоқ.</translation>
    </message>
    <message>
        <source>Application %1 is not an application for a certificate.</source>
        <translation>№%1 өтініш тіркеу куәлігін беруге арналған өтініш емес.</translation>
    </message>
    <message>
        <source>The certificate request is refused: %1</source>
        <translation>Тіркеу куәлігіне сұрау қабылданбады: %1</translation>
    </message>
    <message>
        <source>No unused serial number was found; check the random generator.</source>
        <translation>Пайдаланылмаған сериялық нөмір табылмады; кездейсоқ сандар генераторын тексеріңіз.</translation>
    </message>
    <message>
        <source>certificate %1</source>
        <translation>%1 тіркеу куәлігі</translation>
    </message>
    <message>
        <source>A certificate status is valid or revoked: %1</source>
        <translation>Тіркеу куәлігінің мәртебесі valid немесе revoked болады: %1</translation>
    </message>
    <message>
        <source>There is no certificate with the serial number %1.</source>
        <translation>Сериялық нөмірі %1 тіркеу куәлігі жоқ.</translation>
    </message>
    <message>
        <source>Several CAs issued a certificate with the serial number %1; name the CA.</source>
        <translation>Сериялық нөмірі %1 тіркеу куәлігін бірнеше КО берген; КО-ны көрсетіңіз.</translation>
    </message>
    <message>
        <source>%1 is not an RFC 5280 revocation reason code (0 to 10, except 7).</source>
        <translation>%1 — RFC 5280 бойынша кері қайтарып алу себебінің коды емес (0-ден 10-ға дейін, 7-ден басқа).</translation>
    </message>
    <message>
        <source>remove_from_crl only takes a certificate off hold in a delta CRL; it is not a reason to revoke.</source>
        <translation>remove_from_crl тек дельта-КТКТ-да тіркеу куәлігінің тоқтатылуын алып тастайды; ол кері қайтарып алу себебі емес.</translation>
    </message>
    <message>
        <source>Unknown basis of revocation %1: use %2.</source>
        <translation>Кері қайтарып алудың белгісіз негізі: %1. Мыналардың бірін пайдаланыңыз: %2.</translation>
    </message>
    <message>
        <source>The revocation time cannot be in the future.</source>
        <translation>Кері қайтарып алу уақыты болашақта болуы мүмкін емес.</translation>
    </message>
    <message>
        <source>The CA %1 has no certificate with the serial number %2.</source>
        <translation>%1 КО-да сериялық нөмірі %2 тіркеу куәлігі жоқ.</translation>
    </message>
    <message>
        <source>The certificate %1 is already revoked.</source>
        <translation>%1 тіркеу куәлігі бұрын кері қайтарып алынған.</translation>
    </message>
    <message>
        <source>The revocation time is before the certificate was issued.</source>
        <translation>Кері қайтарып алу уақыты тіркеу куәлігі берілген уақыттан бұрын.</translation>
    </message>
    <message>
        <source>The CRL folder %1 does not exist.</source>
        <translation>%1 КТКТ қалтасы жоқ.</translation>
    </message>
    <message>
        <source>Another publication is running for the CA %1 (lock %2).</source>
        <translation>%1 КО үшін басқа жариялау орындалып жатыр (құлып: %2).</translation>
    </message>
    <message>
        <source>Cannot create the lock file %1.</source>
        <translation>%1 құлып файлын құру мүмкін емес.</translation>
    </message>
    <message>
        <source>The CA %1 has published no full CRL yet; a delta CRL needs one as its base.</source>
        <translation>%1 КО әлі толық КТКТ жарияламаған; дельта-КТКТ үшін ол базалық тізім ретінде қажет.</translation>
    </message>
    <message>
        <source>The letter lists no persons.</source>
        <translation>Хатта бірде-бір тұлға көрсетілмеген.</translation>
    </message>
    <message>
        <source>The letter lists %1 persons: choose whose certificate to issue (1 to %1).</source>
        <translation>Хатта %1 тұлға көрсетілген: тіркеу куәлігі кімге берілетінін таңдаңыз (1 – %1).</translation>
    </message>
    <message>
        <source>The letter lists %1 persons; there is no person %2.</source>
        <translation>Хатта %1 тұлға көрсетілген; %2-тұлға жоқ.</translation>
    </message>
    <message>
        <source>Form %1 is not an application for a certificate.</source>
        <translation>%1 нысаны тіркеу куәлігін беруге арналған өтініш емес.</translation>
    </message>
    <message>
        <source>The CA certificate is refused: %1</source>
        <translation>КО тіркеу куәлігі қабылданбады: %1</translation>
    </message>
    <message>
        <source>The certificate is not a CA certificate (basicConstraints CA:TRUE).</source>
        <translation>Тіркеу куәлігі КО тіркеу куәлігі емес (basicConstraints CA:TRUE).</translation>
    </message>
    <message>
        <source>The certificate is for another key than the one the CA %1 created.</source>
        <translation>Тіркеу куәлігі %1 КО жасаған кілтке емес, басқа кілтке берілген.</translation>
    </message>
    <message>
        <source>The certificate is not valid now (%1 to %2).</source>
        <translation>Тіркеу куәлігі қазір жарамсыз (%1 – %2).</translation>
    </message>
    <message>
        <source>The certificate names the CA %1 as its issuer but its signature does not verify with that CA&apos;s key.</source>
        <translation>Тіркеу куәлігінде беруші ретінде %1 КО көрсетілген, бірақ оның қолтаңбасы сол КО кілтімен тексеруден өтпейді.</translation>
    </message>
    <message>
        <source>Application %1 replaces no certificate; there is nothing to revoke as superseded.</source>
        <translation>№%1 өтініш ешбір тіркеу куәлігін ауыстырмайды; «ауыстырылды» себебімен кері қайтарып алатын ештеңе жоқ.</translation>
    </message>
    <message>
        <source>A CA generates its own key: issue a CA certificate from the CA&apos;s certificate request.</source>
        <translation>КО өз кілтін өзі жасайды: КО тіркеу куәлігін КО-ның тіркеу куәлігіне сұрауы негізінде беріңіз.</translation>
    </message>
    <message>
        <source>The Government Bodies CA records the serial number of the key media: enter it.</source>
        <translation>Мемлекеттік органдардың КО кілт тасығыштың сериялық нөмірін тіркейді: оны енгізіңіз.</translation>
    </message>
    <message>
        <source>re-issue, application %1</source>
        <translation>қайта беру, №%1 өтініш</translation>
    </message>
    <message>
        <source>%1 of %2 persons of the letter have their certificate; the application stays open.</source>
        <translation>Хаттағы %2 тұлғаның %1 тұлғасы тіркеу куәлігін алды; өтініш ашық күйде қалады.</translation>
    </message>
    <message>
        <source>Reading the revocations failed: %1</source>
        <translation>Кері қайтарып алулар туралы деректерді оқу сәтсіз аяқталды: %1</translation>
    </message>
    <message>
        <source>The CA %1 publishes its CRLs into %2, which does not exist; nothing was revoked.</source>
        <translation>%1 КО өз КТКТ-ларын %2 қалтасына жариялайды, бірақ ол қалта жоқ; ештеңе кері қайтарып алынған жоқ.</translation>
    </message>
    <message>
        <source>The CA key could not be unlocked, so nothing was revoked: %1</source>
        <translation>КО кілтін ашу мүмкін болмады, сондықтан ештеңе кері қайтарып алынған жоқ: %1</translation>
    </message>
    <message>
        <source>The delta CRL was not published: %1</source>
        <translation>Дельта-КТКТ жарияланбады: %1</translation>
    </message>
    <message>
        <source>No folder given for the key backup.</source>
        <translation>Кілттің резервтік көшірмесіне арналған қалта көрсетілмеген.</translation>
    </message>
    <message>
        <source>The key of the CA %1 is on a token or HSM (%2); back it up with the token&apos;s own tools, it cannot leave the device.</source>
        <translation>%1 КО кілті токенде немесе HSM-де (%2); оның резервтік көшірмесін токеннің өз құралдарымен жасаңыз, кілт құрылғыдан шыға алмайды.</translation>
    </message>
    <message>
        <source>The key %1 does not belong to the certificate of the CA %2.</source>
        <translation>%1 кілті %2 КО тіркеу куәлігіне тиесілі емес.</translation>
    </message>
    <message>
        <source>Cannot create the backup folder %1.</source>
        <translation>%1 резервтік көшірме қалтасын құру мүмкін емес.</translation>
    </message>
    <message>
        <source>No file given for the restored key.</source>
        <translation>Қалпына келтірілген кілтке арналған файл көрсетілмеген.</translation>
    </message>
    <message>
        <source>The CA %1 has no certificate in the register; a restored key could not be checked against it.</source>
        <translation>%1 КО-ның тіркелімде тіркеу куәлігі жоқ; қалпына келтірілген кілтті онымен салыстырып тексеру мүмкін емес.</translation>
    </message>
    <message>
        <source>%1 is a backup of the CA %2, not of %3.</source>
        <translation>%1 — %3 КО-ның емес, %2 КО-ның резервтік көшірмесі.</translation>
    </message>
    <message>
        <source>%1 holds a key that does not belong to the certificate of the CA %2 in the register (key %3, certificate key %4).</source>
        <translation>%1 ішіндегі кілт тіркелімдегі %2 КО тіркеу куәлігіне тиесілі емес (кілт %3, тіркеу куәлігінің кілті %4).</translation>
    </message>
    <message>
        <source>The restored key does not belong to the certificate of the CA %1.</source>
        <translation>Қалпына келтірілген кілт %1 КО тіркеу куәлігіне тиесілі емес.</translation>
    </message>
    <message>
        <source>A signed revocation request is a CMS file of at most 1 MiB.</source>
        <translation>Қол қойылған кері қайтарып алу сұрауы көлемі 1 MiB-тан аспайтын CMS файлы болуы тиіс.</translation>
    </message>
    <message>
        <source>The signed revocation request is refused: %1</source>
        <translation>Қол қойылған кері қайтарып алу сұрауы қабылданбады: %1</translation>
    </message>
    <message>
        <source>the signed content is not a revocation application ({&quot;form&quot;: CODE, &quot;data&quot;: {fields}} in JSON).</source>
        <translation>қол қойылған мазмұн кері қайтарып алу туралы өтініш емес (JSON түріндегі {&quot;form&quot;: CODE, &quot;data&quot;: {fields}}).</translation>
    </message>
    <message>
        <source>the form %1 cannot be sent as a signed electronic application (NCA-REVOKE-IND or NCA-REVOKE-LEGAL).</source>
        <translation>%1 нысанын қол қойылған электрондық өтініш ретінде жіберуге болмайды (NCA-REVOKE-IND немесе NCA-REVOKE-LEGAL).</translation>
    </message>
    <message>
        <source>the signer&apos;s certificate (%1, issued by %2) was not issued by a CA of this register.</source>
        <translation>қол қоюшының тіркеу куәлігін (%1, берген: %2) осы тіркелімдегі КО бермеген.</translation>
    </message>
    <message>
        <source>the signer&apos;s certificate (%1, issued by %2) was not issued by the CA %3.</source>
        <translation>қол қоюшының тіркеу куәлігін (%1, берген: %2) %3 КО бермеген.</translation>
    </message>
    <message>
        <source>the signer&apos;s certificate %1 is revoked.</source>
        <translation>қол қоюшының %1 тіркеу куәлігі кері қайтарып алынған.</translation>
    </message>
    <message>
        <source>the signer&apos;s certificate %1 is not valid now (valid from %2 to %3).</source>
        <translation>қол қоюшының %1 тіркеу куәлігі қазір жарамсыз (%2 бастап %3 дейін жарамды).</translation>
    </message>
    <message>
        <source>the form %1 is not used by the CA %2.</source>
        <translation>%1 нысанын %2 КО пайдаланбайды.</translation>
    </message>
    <message>
        <source>the CA %1 has no certificate with the serial number %2.</source>
        <translation>%1 КО-да сериялық нөмірі %2 тіркеу куәлігі жоқ.</translation>
    </message>
    <message>
        <source>the certificate %1 is already revoked.</source>
        <translation>%1 тіркеу куәлігі бұрын кері қайтарып алынған.</translation>
    </message>
    <message>
        <source>the signer&apos;s certificate %1 names no BIN; a legal entity&apos;s application is signed with a certificate of that legal entity.</source>
        <translation>қол қоюшының %1 тіркеу куәлігінде БСН көрсетілмеген; заңды тұлғаның өтінішіне сол заңды тұлғаның тіркеу куәлігімен қол қойылады.</translation>
    </message>
    <message>
        <source>the signer&apos;s certificate %1 names no IIN.</source>
        <translation>қол қоюшының %1 тіркеу куәлігінде ЖСН көрсетілмеген.</translation>
    </message>
    <message>
        <source>the application is made for BIN %1, but signed with a certificate of BIN %2.</source>
        <translation>өтініш %1 БСН үшін берілген, бірақ оған %2 БСН-нің тіркеу куәлігімен қол қойылған.</translation>
    </message>
    <message>
        <source>the application is made for IIN %1, but signed with a certificate of IIN %2.</source>
        <translation>өтініш %1 ЖСН үшін берілген, бірақ оған %2 ЖСН-нің тіркеу куәлігімен қол қойылған.</translation>
    </message>
    <message>
        <source>the certificate %1 does not belong to the signer (%2 %3); only its holder may ask for its revocation this way.</source>
        <translation>%1 тіркеу куәлігі қол қоюшыға (%2 %3) тиесілі емес; оны осылайша кері қайтарып алуды тек оның иеленушісі сұрай алады.</translation>
    </message>
    <message>
        <source>electronic application signed with certificate %1; certificate %2 revoked</source>
        <translation>%1 тіркеу куәлігімен қол қойылған электрондық өтініш; %2 тіркеу куәлігі кері қайтарып алынды</translation>
    </message>
    <message>
        <source>electronic application %1, CMS SHA-256 %2</source>
        <translation>№%1 электрондық өтініш, CMS SHA-256 %2</translation>
    </message>
    <message>
        <source>Application %1 is not an application for revocation.</source>
        <translation>№%1 өтініш кері қайтарып алу туралы өтініш емес.</translation>
    </message>
    <message>
        <source>Application %1 is not approved: a revocation application is carried out after another officer approved it.</source>
        <translation>№%1 өтініш мақұлданбаған: кері қайтарып алу туралы өтініш оны басқа КО қызметкері мақұлдағаннан кейін орындалады.</translation>
    </message>
    <message>
        <source>application %1</source>
        <translation>№%1 өтініш</translation>
    </message>
    <message>
        <source>application %1, letter %2</source>
        <translation>№%1 өтініш, хат: %2</translation>
    </message>
    <message>
        <source>Application %1 names no certificate serial number to revoke.</source>
        <translation>№%1 өтініште кері қайтарып алынатын тіркеу куәлігінің сериялық нөмірі көрсетілмеген.</translation>
    </message>
    <message>
        <source>revoked: %1</source>
        <translation>кері қайтарып алынды: %1</translation>
    </message>
    <message>
        <source>A CRL is published only after the changes it reports are recorded; it cannot be published inside an open register transaction.</source>
        <translation>КТКТ ол хабарлайтын өзгерістер жазылғаннан кейін ғана жарияланады; оны ашық тіркелім транзакциясы ішінде жариялауға болмайды.</translation>
    </message>
    <message>
        <source>The delta CRL is published when the enclosing change is recorded.</source>
        <translation>Дельта-КТКТ оны қамтитын өзгеріс жазылғанда жарияланады.</translation>
    </message>
    <message>
        <source>This public key was revoked for key compromise (certificate %1 of %2): it is never certified again. The holder must generate a new key pair.</source>
        <translation>Бұл ашық кілт құпиялылығы бұзылуына байланысты кері қайтарылған (тіркеу куәлігі %1, КО %2): ол енді ешқашан куәландырылмайды. Иесі жаңа кілттер жұбын жасауы тиіс.</translation>
    </message>
    <message>
        <source>This public key is already certified (certificate %1 of %2): a key is certified only once. The holder must generate a new key pair.</source>
        <translation>Бұл ашық кілт бұрын куәландырылған (тіркеу куәлігі %1, КО %2): кілт тек бір рет куәландырылады. Иесі жаңа кілттер жұбын жасауы тиіс.</translation>
    </message>
    <message>
        <source>The CA %1 does not put certificates on hold (hold_allowed is false): revoke with a final reason instead.</source>
        <translation>КО %1 куәліктердің қолданылуын тоқтата тұрмайды (hold_allowed = false): түпкілікті себеппен кері қайтарыңыз.</translation>
    </message>
    <message>
        <source>The basis document takes at most %1 characters (%2 given).</source>
        <translation>Негіздеме құжаты — %1 таңбадан аспайды (%2 берілді).</translation>
    </message>
    <message>
        <source>aa_compromise is for attribute authorities; the certificate %1 is an end-entity certificate (%2): use key_compromise.</source>
        <translation>aa_compromise атрибуттар орталықтарына арналған; %1 тіркеу куәлігі — соңғы пайдаланушы куәлігі (%2): key_compromise қолданыңыз.</translation>
    </message>
    <message>
        <source>Each of the %1 shares needs its custodian (name and position); %2 given.</source>
        <translation>%1 үлестің әрқайсысына сақтаушы (аты-жөні мен лауазымы) қажет; %2 көрсетілген.</translation>
    </message>
    <message>
        <source>The custodian of share %1 needs both a name and a position.</source>
        <translation>№%1 үлестің сақтаушысы үшін аты-жөні де, лауазымы да қажет.</translation>
    </message>
    <message>
        <source>%1 is named as the custodian of two shares; each share goes to a different custodian.</source>
        <translation>%1 екі үлестің сақтаушысы ретінде көрсетілген; әр үлес басқа сақтаушыға беріледі.</translation>
    </message>
    <message>
        <source>The reserved CRL record %1 is missing.</source>
        <translation>Резервке алынған №%1 КТКТ жазбасы жоқ.</translation>
    </message>
    <message>
        <source>The application asks for %1 years; the rules in force (%2, %3) allow at most %4 for a key %5: the certificate is valid %4 year(s).</source>
        <translation>Өтініште %1 жыл сұралған; қолданыстағы қағидалар (%2, %3) кілт %5 сақталса, ең көбі %4 жылға рұқсат етеді: тіркеу куәлігі %4 жылға жарамды.</translation>
    </message>
    <message>
        <source>on a token</source>
        <translation>токенде</translation>
    </message>
    <message>
        <source>in a file</source>
        <translation>файлда</translation>
    </message>
    <message>
        <source>%1 holds a key and certificate (serial %2) that the register never recorded: an earlier issuance was interrupted before it was recorded, so that certificate was never issued. Destroy that file and issue again.</source>
        <translation>%1 файлында тіркелімде ешқашан тіркелмеген кілт пен тіркеу куәлігі (сериялық нөмірі %2) бар: бұрынғы беру тіркелгенге дейін үзілген, сондықтан ол тіркеу куәлігі ешқашан берілмеген. Сол файлды жойып, қайта беріңіз.</translation>
    </message>
    <message>
        <source>Application %1 asks for signing and authentication: both certificates are issued together, each for its own key. Give the request of the authentication key too.</source>
        <translation>№%1 өтініште қол қою да, аутентификация да сұралған: екі тіркеу куәлігі бірге беріледі, әрқайсысы өз кілтіне. Аутентификация кілтінің сұрауын да беріңіз.</translation>
    </message>
    <message>
        <source>Application %1 asks for signing and authentication: the authentication key is generated too and needs a PKCS#12 file of its own.</source>
        <translation>№%1 өтініште қол қою да, аутентификация да сұралған: аутентификация кілті де жасалады және оған жеке PKCS#12 файлы қажет.</translation>
    </message>
    <message>
        <source>Application %1 asks for one certificate (%2): there is no authentication certificate to issue from a second request.</source>
        <translation>№%1 өтініште бір тіркеу куәлігі сұралған (%2): екінші сұрау бойынша берілетін аутентификация тіркеу куәлігі жоқ.</translation>
    </message>
    <message>
        <source>The signing and the authentication requests carry the same public key: each certificate needs its own key pair.</source>
        <translation>Қол қою сұрауы мен аутентификация сұрауында бір ашық кілт бар: әр тіркеу куәлігіне өз кілт жұбы қажет.</translation>
    </message>
    <message>
        <source>A hold does not say since when the key is invalid: give no invalidity date with certificate_hold.</source>
        <translation>Қолданылуын тоқтата тұру кілттің қашаннан бастап жарамсыз екенін көрсетпейді: certificate_hold кезінде жарамсыздық күнін көрсетпеңіз.</translation>
    </message>
    <message>
        <source>The invalidity date %1 is in the future: it is when the key is known or suspected to have been compromised.</source>
        <translation>%1 жарамсыздық күні болашақта: бұл кілттің құпиялылығы бұзылғаны белгілі болған немесе бұзылды деп күдік туған уақыт.</translation>
    </message>
    <message>
        <source>The invalidity date %1 is after the revocation time %2: the key became invalid before it was revoked, not after.</source>
        <translation>%1 жарамсыздық күні %2 кері қайтарып алу уақытынан кейін: кілт кері қайтарып алынғаннан кейін емес, оған дейін жарамсыз болған.</translation>
    </message>
    <message>
        <source>The CRL was not published: %1</source>
        <translation>КТКТ жарияланбады: %1</translation>
    </message>
    <message>
        <source>The certificate %1 is not on hold: only a certificate held (certificate_hold) is released.</source>
        <translation>%1 тіркеу куәлігінің қолданылуы тоқтатыла тұрмаған: тек қолданылуы тоқтатыла тұрған (certificate_hold) тіркеу куәлігінің қолданылуын қайта бастауға болады.</translation>
    </message>
    <message>
        <source>The certificate %1 is revoked for %2, which is final: only a hold (certificate_hold) is released.</source>
        <translation>%1 тіркеу куәлігі %2 себебімен кері қайтарып алынған, бұл түпкілікті: тек қолданылуын тоқтата тұру (certificate_hold) ғана алып тасталады.</translation>
    </message>
    <message>
        <source>The CA %1 has no key and certificate yet: an administrator sets up its key (Settings → CAs → Set up key…, or the command ca init).</source>
        <translation>%1 КО-да әлі кілт пен куәлік жоқ: әкімші оның кілтін баптайды (Баптаулар → КО-лар → Кілтті баптау… немесе ca init командасы).</translation>
    </message>
    <message>
        <source>The CA %1 already has a key waiting for its certificate: import the certificate its parent issued (Settings → CAs → Import certificate…, or the command ca import-cert).</source>
        <translation>%1 КО-да куәлігін күтіп тұрған кілт бар: аталық КО берген куәлікті импорттаңыз (Баптаулар → КО-лар → Куәлікті импорттау… немесе ca import-cert командасы).</translation>
    </message>
    <message>
        <source>The CA %1 has no key waiting for a certificate: make its key and request first (Settings → CAs → Set up key…, or the command ca init --subordinate).</source>
        <translation>%1 КО-да куәлікті күтіп тұрған кілт жоқ: алдымен оның кілті мен сұрауын жасаңыз (Баптаулар → КО-лар → Кілтті баптау… немесе ca init --subordinate командасы).</translation>
    </message>
    <message>
        <source>The CA %1 has no certificate yet: an administrator sets up its key (Settings → CAs → Set up key…, or the command ca init).</source>
        <translation>%1 КО-да әлі куәлік жоқ: әкімші оның кілтін баптайды (Баптаулар → КО-лар → Кілтті баптау… немесе ca init командасы).</translation>
    </message>
    <message>
        <source>No CA key passphrase was given: publish the CRL now (Certificates → Publish CRL…, or the command crl publish).</source>
        <translation>КО кілтінің құпия фразасы берілмеді: КТКТ-ны қазір жариялаңыз (Тіркеу куәліктері → КТКТ жариялау… немесе crl publish командасы).</translation>
    </message>
    <message>
        <source>No CA key passphrase was given: publish the delta CRL now (Certificates → Publish CRL…, or the command crl publish --delta).</source>
        <translation>КО кілтінің құпия фразасы берілмеді: дельта-КТКТ-ны қазір жариялаңыз (Тіркеу куәліктері → КТКТ жариялау… немесе crl publish --delta командасы).</translation>
    </message>
    <message>
        <source>The CA %1 publishes partitioned CRLs (%2 partitions): it publishes no delta CRLs. Publish its full CRLs (without --delta); each partition&apos;s CRL is small.</source>
        <translation>%1 КО бөлінген КТКТ шығарады (%2 бөлік): ол дельта-КТКТ шығармайды. Оның толық КТКТ-ларын жариялаңыз (--delta-сыз); әр бөліктің КТКТ-сы шағын.</translation>
    </message>
    <message>
        <source>The CA %1 has CRL partitions but no cdp_url: its own CRL needs it as its distribution point (ca set --code %1 cdp_url=…).</source>
        <translation>%1 КО-да КТКТ бөліктері бар, бірақ cdp_url жоқ: оның өз КТКТ-сына тарату нүктесі ретінде ол қажет (ca set --code %1 cdp_url=…).</translation>
    </message>
    <message>
        <source>Register query failed: %1</source>
        <translation>Тіркелімге сұрау орындалмады: %1</translation>
    </message>
    <message>
        <source>Cannot copy the CA certificate.</source>
        <translation>КО тіркеу куәлігін көшіру мүмкін емес.</translation>
    </message>
    <message>
        <source>The batch holds no certificate requests.</source>
        <translation>Топтамада тіркеу куәлігіне сұраулар жоқ.</translation>
    </message>
    <message>
        <source>Group %1 of the batch (%2 certificate requests) could not be recorded, so none of its certificates was issued; the batch stopped there: %3</source>
        <translation>Топтаманың %1-тобын (%2 сұрау) жазу мүмкін болмады, сондықтан оның бірде-бір тіркеу куәлігі берілмеді; топтама сол жерде тоқтады: %3</translation>
    </message>
    <message>
        <source>Nothing is published.</source>
        <translation>Ештеңе жарияланбады.</translation>
    </message>
    <message>
        <source>Group %1 of the batch could not be recorded, so none of its certificates was issued; the batch stopped there: %2</source>
        <translation>Топтаманың %1-тобын тіркеу мүмкін болмады, сондықтан оның бірде-бір куәлігі берілмеді; топтама осы жерде тоқтады: %2</translation>
    </message>
    <message>
        <source>Publishing was cancelled: no CRL of %1 was published.</source>
        <translation>Жариялау тоқтатылды: %1 КТКТ-сының ешқайсысы жарияланбады.</translation>
    </message>
    <message>
        <source>Publishing was cancelled after %1 of the %2 CRLs of %3: those stay published (each is complete), the others were not published. Publish again to publish them all.</source>
        <translation>Жариялау %3 КТКТ-ларының %2-нің %1-інен кейін тоқтатылды: олар жарияланған күйінде қалады (әрқайсысы толық), қалғандары жарияланбады. Барлығын жариялау үшін қайта жариялаңыз.</translation>
    </message>
    <message>
        <source>the delta CRL of %1</source>
        <translation>%1 дельта-КТКТ-сы</translation>
    </message>
    <message>
        <source>the CRL of %1</source>
        <translation>%1 КТКТ-сы</translation>
    </message>
    <message>
        <source>the CRL of partition %1</source>
        <translation>%1 бөлігінің КТКТ-сы</translation>
    </message>
    <message>
        <source>CRL %1 of %2: %3…</source>
        <translation>%2 КТКТ-ның %1-і: %3…</translation>
    </message>
    <message numerus="yes">
        <source>%n CRL(s) published.</source>
        <translation>
            <numerusform>%n КТКТ жарияланды.</numerusform>
            <numerusform>%n КТКТ жарияланды.</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading and signing the revoked certificates: %1 of %2…</source>
        <translation>Кері қайтарылған куәліктер оқылып, қол қойылуда: %2-нің %1…</translation>
    </message>
    <message>
        <source>Publishing was stopped.</source>
        <translation>Жариялау тоқтатылды.</translation>
    </message>
    <message>
        <source>Publishing was cancelled while %1 was being encoded: nothing of it is published.</source>
        <translation>%1 жасалып жатқанда жариялау тоқтатылды: одан ештеңе жарияланбады.</translation>
    </message>
    <message>
        <source>The key backup %1 was recorded but its files could not be written; none of them is left in %2. %3</source>
        <translation>%1 кілт сақтық көшірмесі тіркелді, бірақ оның файлдары жазылмады; %2 қалтасында олардың ешқайсысы қалмады. %3</translation>
    </message>
    <message>
        <source>The restore of the backup %1 was recorded but the key file %2 could not be written. %3</source>
        <translation>%1 сақтық көшірмесін қалпына келтіру тіркелді, бірақ %2 кілт файлы жазылмады. %3</translation>
    </message>
    <message>
        <source>The register names the CA&apos;s previous key %1 again.</source>
        <translation>Тізілім КО-ның бұрынғы %1 кілтін қайта көрсетеді.</translation>
    </message>
    <message>
        <source>The register still names the missing file as the CA&apos;s key and could not be changed back (%1): restore the key again.</source>
        <translation>Тізілім әлі де жоқ файлды КО кілті ретінде көрсетеді және оны кері өзгерту мүмкін болмады (%1): кілтті қайта қалпына келтіріңіз.</translation>
    </message>
    <message>
        <source>Other users can write in the folder %1: they could delete or replace the shares before the custodians receive them. Choose a private folder, or close it first (chmod o-w).</source>
        <translation>%1 қалтасына басқа пайдаланушылар жаза алады: олар бөліктерді сақтаушылар алғанға дейін жойып немесе ауыстырып қоюы мүмкін. Жеке қалтаны таңдаңыз немесе алдымен оны жабыңыз (chmod o-w).</translation>
    </message>
    <message>
        <source>This public key is the key of a CA or of its OCSP signing certificate: it is never certified for a holder. The holder must generate a new key pair.</source>
        <translation>Бұл ашық кілт — КО-ның немесе оның OCSP қол қою куәлігінің кілті: ол ешқашан иесіне куәландырылмайды. Иесі жаңа кілттер жұбын жасауы керек.</translation>
    </message>
    <message>
        <source>This key is certified for a holder (certificate %1 of %2%3): it never signs OCSP answers. Generate a new key for the OCSP signer.</source>
        <translation>Бұл кілт иесіне куәландырылған (тіркеу куәлігі %1, КО %2%3): ол ешқашан OCSP жауаптарына қол қоймайды. OCSP қол қоюшысы үшін жаңа кілт жасаңыз.</translation>
    </message>
    <message>
        <source>, revoked for key compromise</source>
        <translation>, кілттің құпиялылығы бұзылғандықтан кері қайтарылған</translation>
    </message>
    <message>
        <source>This key is the key of the CA %1: the OCSP signer has a key of its own. Generate a new key for the OCSP signer.</source>
        <translation>Бұл кілт — %1 КО-ның кілті: OCSP қол қоюшысының өз кілті болады. OCSP қол қоюшысы үшін жаңа кілт жасаңыз.</translation>
    </message>
    <message>
        <source>This key signs the OCSP answers of the CA %1: each CA&apos;s OCSP signer has a key of its own. Generate a new key for the OCSP signer.</source>
        <translation>Бұл кілт %1 КО-ның OCSP жауаптарына қол қояды: әр КО-ның OCSP қол қоюшысының өз кілті болады. OCSP қол қоюшысы үшін жаңа кілт жасаңыз.</translation>
    </message>
    <message>
        <source>ca_compromise is for a CA&apos;s certificate, revoked at its parent; the certificate %1 is an end-entity certificate (%2): use key_compromise for a compromised key.</source>
        <translation>ca_compromise — КО куәлігіне арналған, оны жоғары тұрған КО кері қайтарады; %1 тіркеу куәлігі — соңғы пайдаланушы куәлігі (%2): кілттің құпиялылығы бұзылса, key_compromise қолданыңыз.</translation>
    </message>
    <message>
        <source>The key backup %1 failed and its files were removed (%2): there is nothing to hand over.</source>
        <translation>%1 кілт резервтік көшірмесі сәтсіз болды, оның файлдары жойылды (%2): беретін ештеңе жоқ.</translation>
    </message>
    <message>
        <source>The CA %1 has no recorded key backup %2.</source>
        <translation>%1 КО-да жазылған %2 кілт резервтік көшірмесі жоқ.</translation>
    </message>
    <message>
        <source>The invalidity date %1 is before the certificate %2 became valid (%3). If the key was compromised before that, give the beginning of the certificate&apos;s validity.</source>
        <translation>Жарамсыздық күні %1 %2 тіркеу куәлігінің қолданысы басталғанға дейін (%3). Кілт бұрын бұзылған болса, куәліктің қолданылу мерзімінің басталуын көрсетіңіз.</translation>
    </message>
    <message>
        <source>This key is certified for a holder (certificate %1 of %2%3): it never becomes a CA&apos;s key. Generate a new key for the CA.</source>
        <translation>Бұл кілт иесі үшін куәландырылған (%2 КО-ның %1 тіркеу куәлігі%3): ол ешқашан КО кілті болмайды. КО үшін жаңа кілт жасаңыз.</translation>
    </message>
    <message>
        <source>This key is certified for a holder (certificate %1 of %2%3): it never signs the event log&apos;s anchors. Generate a new key for the event log.</source>
        <translation>Бұл кілт иесі үшін куәландырылған (%2 КО-ның %1 тіркеу куәлігі%3): ол ешқашан оқиғалар журналының якорьларына қол қоймайды. Оқиғалар журналы үшін жаңа кілт жасаңыз.</translation>
    </message>
    <message>
        <source>This key signs the OCSP answers of the CA %1: it never becomes a CA&apos;s key. Generate a new key for the CA.</source>
        <translation>Бұл кілт %1 КО-ның OCSP жауаптарына қол қояды: ол ешқашан КО кілті болмайды. КО үшін жаңа кілт жасаңыз.</translation>
    </message>
    <message>
        <source>This key signs the OCSP answers of the CA %1: it never signs the event log&apos;s anchors. Generate a new key for the event log.</source>
        <translation>Бұл кілт %1 КО-ның OCSP жауаптарына қол қояды: ол ешқашан оқиғалар журналының якорьларына қол қоймайды. Оқиғалар журналы үшін жаңа кілт жасаңыз.</translation>
    </message>
    <message>
        <source>This key is the key of the CA %1: each CA has a key of its own. Generate a new key for the CA.</source>
        <translation>Бұл %1 КО-ның кілті: әр КО-ның өз кілті бар. КО үшін жаңа кілт жасаңыз.</translation>
    </message>
    <message>
        <source>This key is the key of the CA %1: the event log&apos;s anchors are signed with a key of their own. Generate a new key for the event log.</source>
        <translation>Бұл %1 КО-ның кілті: оқиғалар журналының якорьларына өз кілтімен қол қойылады. Оқиғалар журналы үшін жаңа кілт жасаңыз.</translation>
    </message>
    <message>
        <source>This key signs the event log&apos;s anchors: it never becomes a CA&apos;s key. Generate a new key for the CA.</source>
        <translation>Бұл кілт оқиғалар журналының якорьларына қол қояды: ол ешқашан КО кілті болмайды. КО үшін жаңа кілт жасаңыз.</translation>
    </message>
    <message>
        <source>This key signs the event log&apos;s anchors: it never signs OCSP answers. Generate a new key for the OCSP signer.</source>
        <translation>Бұл кілт оқиғалар журналының якорьларына қол қояды: ол ешқашан OCSP жауаптарына қол қоймайды. OCSP жауаптарына қол қою үшін жаңа кілт жасаңыз.</translation>
    </message>
    <message>
        <source>This computer&apos;s clock says %1, but the CA %2 already published a CRL dated %3: the clock is behind. Set the clock right (and check the clock of the computer that published that CRL), then publish again. Nothing was published.</source>
        <translation>Бұл компьютердің сағаты %1 көрсетеді, ал %2 КО %3 күнімен КТКТ жариялап қойған: сағат артта қалып тұр. Сағатты дұрыстаңыз (сол КТКТ-ны жариялаған компьютердің сағатын да тексеріңіз), содан кейін қайта жариялаңыз. Ештеңе жарияланған жоқ.</translation>
    </message>
    <message>
        <source>%1 revocation(s) in CRL %2 are dated after its time %3 (the first: %4, dated %5): they were recorded by a computer whose clock was ahead, or this computer&apos;s clock is behind. The CRL dates them %3. Check the clocks of the computers that use the register.</source>
        <translation>%2 КТКТ-дағы %1 кері қайтарып алу оның уақытынан (%3) кейінгі күнмен белгіленген (біріншісі: %4, %5): оларды сағаты алда жүрген компьютер тіркеген, не болмаса бұл компьютердің сағаты артта қалып тұр. КТКТ оларды %3 күнімен көрсетеді. Тіркелімді пайдаланатын компьютерлердің сағаттарын тексеріңіз.</translation>
    </message>
    <message>
        <source>The lock file %1 belongs to another user (uid %2), not to a publisher of this folder, and cannot be removed: %3. The CRL of %4 is not published until it is removed (and the folder closed to others).</source>
        <translation>%1 құлып файлы осы қалтаға жариялаушыға емес, басқа пайдаланушыға (uid %2) тиесілі және оны жою мүмкін емес: %3. Ол жойылмайынша (және қалта басқаларға жабылмайынша) %4 КТКТ-сы жарияланбайды.</translation>
    </message>
    <message>
        <source>Removed the lock file %1 of another user (uid %2): not a publisher&apos;s lock.</source>
        <translation>Басқа пайдаланушының (uid %2) %1 құлып файлы жойылды: ол жариялаушының құлпы емес.</translation>
    </message>
    <message>
        <source>The certificate&apos;s subject (%1) is the name of the CA %2 of this register: each CA&apos;s name is its own (it names the issuer of every certificate and CRL).</source>
        <translation>Тіркеу куәлігінің субъектісі (%1) осы тіркелімнің %2 куәландырушы орталығының атауы: әр куәландырушы орталықтың атауы тек өзінікі (ол әрбір тіркеу куәлігі мен КТКТ берушісін атайды).</translation>
    </message>
    <message>
        <source>The certificate&apos;s issuer (%1) is not a CA of this register: give the issuer&apos;s certificate after the CA&apos;s in the same PEM file, so that its signature and key can be checked.</source>
        <translation>Тіркеу куәлігінің берушісі (%1) осы тіркелімнің куәландырушы орталығы емес: оның қолтаңбасы мен кілтін тексеру үшін берушінің тіркеу куәлігін сол PEM файлында куәландырушы орталықтың тіркеу куәлігінен кейін беріңіз.</translation>
    </message>
    <message>
        <source>%1 is the name of the issuing CA %2 itself: a CA never certifies another key under its own name.</source>
        <translation>%1 — беруші куәландырушы орталық %2 өзінің атауы: куәландырушы орталық өз атауымен басқа кілтті ешқашан куәландырмайды.</translation>
    </message>
    <message>
        <source>%1 is the name of the CA %2 of this register: a certificate under that name certifies only that CA&apos;s own key (the key waiting for its certificate, made by ca init --subordinate, or its current key when it is renewed), not the key of this request.</source>
        <translation>%1 — осы тіркелімнің %2 куәландырушы орталығының атауы: бұл атаумен берілетін тіркеу куәлігі тек сол орталықтың өз кілтін куәландырады (ca init --subordinate жасаған, тіркеу куәлігін күтіп тұрған кілтті немесе жаңартылғанда оның қазіргі кілтін), осы сұраныстың кілтін емес.</translation>
    </message>
    <message>
        <source>The subject of the certificate for %1 is the name of the CA %2 of this register: a CA certificate never names another CA (it names the issuer of every certificate and CRL).</source>
        <translation>%1 үшін тіркеу куәлігінің субъектісі осы тіркелімнің %2 куәландырушы орталығының атауы: куәландырушы орталықтың тіркеу куәлігі ешқашан басқа орталықты атамайды (ол әрбір тіркеу куәлігі мен КТКТ берушісін атайды).</translation>
    </message>
    <message>
        <source>the signed content gives the field &quot;%1&quot; twice; each field is given once, with the value meant.</source>
        <translation>қол қойылған мазмұнда «%1» өрісі екі рет берілген; әр өріс бір рет, тиісті мәнімен беріледі.</translation>
    </message>
    <message>
        <source>The CA %1 would issue under the name %2, which is the name of the CA %3 of this register (its certificate&apos;s subject, or the name its settings compose): each CA&apos;s name is its own (it names the issuer of every certificate and CRL). Register this CA anew under another name (Settings → CAs, or the command ca add).</source>
        <translation>%1 КО %2 атауымен шығарар еді, ал бұл — осы тіркелімдегі %3 КО атауы (оның сертификатының субъектісі немесе баптаулары құрайтын атау): әр КО атауы тек өзіне тиесілі (ол әрбір сертификат пен КТКТ шығарушысын атайды). Бұл КО-ны басқа атаумен қайта тіркеңіз (Баптаулар → КО, немесе ca add командасы).</translation>
    </message>
    <message>
        <source>The certificate&apos;s subject (%1) is not the own name of the CA %2, %3 (its name composed with its settings subject_layout and subject_organisation, as a ROOT-ISSUE certificate names it; names are compared attribute by attribute, in their order): each CA issues under its own name only. Ask the parent for a certificate with that subject, or, when the parent&apos;s form of the name is the one to keep, set subject_layout and subject_organisation (Settings → CAs, or the command ca set) so that they compose it, and import again.</source>
        <translation>Сертификат субъектісі (%1) %2 КО-ның өз атауы %3 емес (subject_layout және subject_organisation баптауларымен құралған атауы, ROOT-ISSUE сертификаты оны осылай атайды; атаулар атрибут бойынша, реті бойынша салыстырылады): әр КО тек өз атауымен шығарады. Жоғары тұрған КО-дан осы субъектісі бар сертификат сұраңыз немесе атаудың оның нұсқасын сақтау керек болса, subject_layout пен subject_organisation баптауларын (Баптаулар → КО, немесе ca set командасы) оны құрайтындай етіп орнатып, қайта импорттаңыз.</translation>
    </message>
    <message>
        <source>the CA %1 of this register</source>
        <translation>осы тіркелімдегі %1 КО</translation>
    </message>
    <message>
        <source>Custodian</source>
        <translation>Сақтаушы</translation>
    </message>
    <message>
        <source>Key media serial</source>
        <translation>Кілт тасығышының сериялық нөмірі</translation>
    </message>
    <message>
        <source>Basis document</source>
        <translation>Негіздеме құжаты</translation>
    </message>
    <message>
        <source>the signer&apos;s certificate %1 is not a signing certificate; an application is signed with the holder&apos;s signing certificate.</source>
        <translation>қол қоюшының %1 тіркеу куәлігі қол қоюға арналған куәлік емес; өтінішке иесінің қол қоюға арналған куәлігімен қол қойылады.</translation>
    </message>
    <message>
        <source>the certificate %1 is another person&apos;s of BIN %2, and the signer&apos;s certificate %3 is not the first head&apos;s: a legal entity&apos;s application for another person&apos;s certificate is signed by its first head.</source>
        <translation>%1 тіркеу куәлігі %2 БСН-дағы басқа тұлғаныкі, ал қол қоюшының %3 куәлігі бірінші басшыныкі емес: заңды тұлғаның басқа тұлғаның куәлігі туралы өтінішіне оның бірінші басшысы қол қояды.</translation>
    </message>
    <message>
        <source>The certificate %1 is on hold since %2: its revocation is not dated before that.</source>
        <translation>%1 тіркеу куәлігі %2 бастап тоқтатылған: оны кері қайтарып алу одан ерте күнмен белгіленбейді.</translation>
    </message>
    <message>
        <source>A revocation on the basis %1 names its document (number and date): give the basis document.</source>
        <translation>%1 негізі бойынша кері қайтарып алуда оның құжаты (нөмірі мен күні) көрсетіледі: негіз құжатын енгізіңіз.</translation>
    </message>
    <message>
        <source>The lock file %1 of the CA %2 is not a regular file (a pipe, a link, a folder or a device): it is no publisher&apos;s lock. The CRL is not published until it is removed.</source>
        <translation>%2 КО-ның %1 құлып файлы кәдімгі файл емес (арна, сілтеме, қалта немесе құрылғы): бұл жариялаушының құлпы емес. Ол жойылмайынша КТКТ жарияланбайды.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::CaKeyring</name>
    <message>
        <source>The key of the CA %1 could not be kept unlocked.</source>
        <translation>%1 КО кілтін құлпы ашық күйде сақтау мүмкін болмады.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::CalendarService</name>
    <message>
        <source>Give a real date between 2000 and 2100.</source>
        <translation>2000 мен 2100 жылдар аралығындағы нақты күнді көрсетіңіз.</translation>
    </message>
    <message>
        <source>There is no override for %1.</source>
        <translation>%1 үшін ерекше белгілеу жоқ.</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ескертпе</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::CrlNumbers</name>
    <message>
        <source>Cannot read the published CRL %1: %2</source>
        <translation>%1 жарияланған КТКТ-ны оқу мүмкін емес: %2</translation>
    </message>
    <message>
        <source>%1 in the publish folder is not a readable CRL (%2); its number cannot be known, so no CRL is published over it. Move it away after checking it.</source>
        <translation>Жариялау қалтасындағы %1 оқылатын КТКТ емес (%2); оның нөмірі белгісіз, сондықтан оның үстіне КТКТ жарияланбайды. Тексергеннен кейін оны басқа жерге жылжытыңыз.</translation>
    </message>
    <message>
        <source>The CA %1 has published CRLs up to number %2, but the folder %3 holds none of them. Publishing here could repeat a number that relying parties have already seen (if the register was put back from an older copy). Publish into the folder that holds the CA&apos;s CRLs, or copy its current CRL (%1.crl) here first; if this folder really is new to the CA, confirm it as a new folder.</source>
        <translation>%1 КО КТКТ-ларын %2 нөміріне дейін жариялаған, бірақ %3 қалтасында олардың бірде-біреуі жоқ. Мұнда жариялау сенуші тараптар бұрын көрген нөмірді қайталауы мүмкін (егер тіркелім ескі көшірмеден қайтарылса). КО-ның КТКТ-лары тұрған қалтаға жариялаңыз немесе алдымен оның ағымдағы КТКТ-сын (%1.crl) осында көшіріңіз; егер бұл қалта КО үшін шынымен жаңа болса, оны жаңа қалта ретінде растаңыз.</translation>
    </message>
    <message>
        <source>The register records CRL number %1 for the CA %2, which Tirkeu never writes: the register was changed outside Tirkeu. No CRL is published; check it with audit verify.</source>
        <translation>Тізілімде %2 КО үшін %1 КТКТ нөмірі жазылған, мұндай нөмірді Tirkeu ешқашан жазбайды: тізілім Tirkeu-ды айналып өзгертілген. КТКТ жарияланбайды; тізілімді audit verify арқылы тексеріңіз.</translation>
    </message>
    <message>
        <source>%1 in the publish folder has CRL number %2, above every CRL the register knows, but it is not a CRL of the CA %3 (not issued and signed by it): someone else wrote it there. No CRL is published; move it away, check who may write in the folder, and publish again.</source>
        <translation>Жариялау қалтасындағы %1 файлының КТКТ нөмірі %2, тізілімге белгілі кез келген КТКТ-дан жоғары, бірақ бұл %3 КО-ның КТКТ-сы емес (оны осы КО шығармаған және қол қоймаған): оны ол жерге басқа біреу жазған. КТКТ жарияланбайды; файлды алып тастаңыз, қалтаға кім жаза алатынын тексеріп, қайта жариялаңыз.</translation>
    </message>
    <message>
        <source>The CA %1 has used every CRL number up to %2: no CRL can follow it.</source>
        <translation>%1 КО %2 дейінгі барлық КТКТ нөмірлерін пайдаланды: келесі КТКТ мүмкін емес.</translation>
    </message>
    <message>
        <source>The register raises the CRL numbers of the CA %1 to above %2, but no restore recorded a number above %3 (register.restored events): the floor was written outside Tirkeu. No CRL is published; check the register with audit verify.</source>
        <translation>Тіркелім %1 КО-ның КТКТ нөмірлерін %2 нөмірінен жоғары көтереді, бірақ бірде-бір қалпына келтіру %3 нөмірінен жоғары нөмір жазбаған (register.restored оқиғалары): бұл төменгі шек Tirkeu-дан тыс жазылған. КТКТ жарияланбайды; тіркелімді audit verify арқылы тексеріңіз.</translation>
    </message>
    <message>
        <source>The CRL %1 of the CA %2 in the publish folder (number %3, newer than every CRL this register recorded) lists %4 certificate(s) as revoked that this register does not have as revoked (%5): the register is older than that CRL (a backup restored?). No CRL is published: one that left them out would take their revocation back. Revoke them again in this register (a certificate it does not know: restore a newer backup), then publish.</source>
        <translation>Жариялау қалтасындағы %2 КО-ның %1 КТКТ-сы (нөмірі %3, осы тіркелім жазған барлық КТКТ-дан жаңа) осы тіркелімде кері қайтарылмаған %4 сертификатты кері қайтарылған деп көрсетеді (%5): тіркелім сол КТКТ-дан ескі (сақтық көшірмеден қалпына келтірілген бе?). КТКТ жарияланбайды: оларды тастап кеткен КТКТ олардың кері қайтарылуын жойып жіберер еді. Оларды осы тіркелімде қайта кері қайтарып алыңыз (тіркелім білмейтін сертификат үшін — жаңарақ сақтық көшірмені қалпына келтіріңіз), содан кейін жариялаңыз.</translation>
    </message>
    <message>
        <source>%1 (only on hold here)</source>
        <translation>%1 (мұнда тек тоқтатылған)</translation>
    </message>
    <message>
        <source>%1 (here for a reason other than a compromise)</source>
        <translation>%1 (мұнда кілттің бұзылуынан басқа себеппен)</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::CrlPartitions</name>
    <message>
        <source>crl_partition is none, serial-range:N (N from 2 to 4096 ranges of the serial numbers) or period:M (M from 1 to 120 months of issuance): %1</source>
        <translation>crl_partition мәні: none, serial-range:N (сериялық нөмірлердің 2-ден 4096-ға дейінгі N ауқымы) немесе period:M (берудің 1-ден 120-ға дейінгі M айы): %1</translation>
    </message>
    <message>
        <source>CRL partition %1 of CA %2 has published CRLs (%3) but is no longer in the register&apos;s crl_partitions: it was deleted outside Tirkeu.</source>
        <translation>%2 КО-ның %1 КТКТ бөлігінің жарияланған тізімдері (%3) бар, бірақ ол тізілімнің crl_partitions кестесінде енді жоқ: ол Tirkeu-дан тыс жойылған.</translation>
    </message>
    <message>
        <source>CRL partition of certificate %1 of CA %2 does not match the certificate: %3. The register&apos;s crl_partition_members or crl_partitions was changed outside Tirkeu; its revocation would be missing from the CRL the certificate names.</source>
        <translation>%2 КО-ның %1 куәлігінің КТКТ бөлігі куәлікке сәйкес емес: %3. Тізілімнің crl_partition_members немесе crl_partitions кестесі Tirkeu-дан тыс өзгертілген; оның кері қайтарып алынуы куәлікте көрсетілген КТКТ-да болмай қалар еді.</translation>
    </message>
    <message>
        <source>its DER is not a certificate</source>
        <translation>оның DER деректері куәлік емес</translation>
    </message>
    <message>
        <source>it is recorded in partition %1, which the CA does not have</source>
        <translation>ол %1 бөлігінде тіркелген, ал КО-да ондай бөлік жоқ</translation>
    </message>
    <message>
        <source>it is recorded in partition %1 (%2) but names %3</source>
        <translation>ол %1 (%2) бөлігінде тіркелген, бірақ %3 көрсетеді</translation>
    </message>
    <message>
        <source>it names the partition CRL %1 but is recorded in no partition</source>
        <translation>ол %1 бөлігінің КТКТ-сын көрсетеді, бірақ ешбір бөлікте тіркелмеген</translation>
    </message>
    <message>
        <source>it names the partition CRL %1, which the register has no record of</source>
        <translation>ол %1 бөлігінің КТКТ-сын көрсетеді, ал тізілімде ондай бөлік туралы жазба жоқ</translation>
    </message>
    <message>
        <source>CRL partition %1 of CA %2 has the URL %3, but a partition&apos;s URL ends with -%1.crl: the register&apos;s crl_partitions was changed outside Tirkeu.</source>
        <translation>%2 КО-ның %1 КТКТ бөлігінің URL-і %3, бірақ бөліктің URL-і -%1.crl деп аяқталады: тізілімнің crl_partitions кестесі Tirkeu-дан тыс өзгертілген.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Database</name>
    <message>
        <source>No register location given.</source>
        <translation>Тіркелімнің орны көрсетілмеген.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>%1 қалтасын құру мүмкін емес.</translation>
    </message>
    <message>
        <source>Cannot open the register %1</source>
        <translation>%1 тіркелімін ашу мүмкін емес</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Register query failed</source>
        <translation>Тіркелімге сұрау сәтсіз аяқталды</translation>
    </message>
    <message>
        <source>Register schema statement failed</source>
        <translation>Тіркелім схемасының нұсқаулығы сәтсіз аяқталды</translation>
    </message>
    <message>
        <source>A register transaction is already open.</source>
        <translation>Тіркелім транзакциясы әлдеқашан ашық.</translation>
    </message>
    <message>
        <source>Cannot start a register transaction</source>
        <translation>Тіркелім транзакциясын бастау мүмкін емес</translation>
    </message>
    <message>
        <source>No register transaction is open.</source>
        <translation>Ашық тіркелім транзакциясы жоқ.</translation>
    </message>
    <message>
        <source>Cannot commit the register transaction</source>
        <translation>Тіркелім транзакциясын бекіту мүмкін емес</translation>
    </message>
    <message>
        <source>Cannot prepare the register %1 (SQLite functions).</source>
        <translation>%1 тіркелімін дайындау мүмкін емес (SQLite функциялары).</translation>
    </message>
    <message>
        <source>Unknown kind of schema object: %1</source>
        <translation>Схема объектісінің белгісіз түрі: %1</translation>
    </message>
    <message>
        <source>No table %1 in the register.</source>
        <translation>Тіркелімде %1 кестесі жоқ.</translation>
    </message>
    <message>
        <source>The register is busy with other workstations&apos; changes; try again in a moment.</source>
        <translation>Тіркелім басқа жұмыс орындарының өзгерістерін өңдеп жатыр; біраздан кейін қайталап көріңіз.</translation>
    </message>
    <message>
        <source>The PostgreSQL address %1 is not valid; expected postgresql://user[:password]@host[:port]/database.</source>
        <translation>%1 PostgreSQL мекенжайы жарамсыз; күтілетін пішім: postgresql://user[:password]@host[:port]/database.</translation>
    </message>
    <message>
        <source>The PostgreSQL address %1 names no database; expected postgresql://user@host[:port]/database.</source>
        <translation>%1 PostgreSQL мекенжайында дерекқор көрсетілмеген; күтілетін пішім: postgresql://user@host[:port]/database.</translation>
    </message>
    <message>
        <source>The PostgreSQL driver of Qt (QPSQL) is not installed; install the package libqt6sql6-psql.</source>
        <translation>Qt-тың PostgreSQL драйвері (QPSQL) орнатылмаған; libqt6sql6-psql пакетін орнатыңыз.</translation>
    </message>
    <message>
        <source>The PostgreSQL option %1 is not valid.</source>
        <translation>%1 PostgreSQL опциясы жарамсыз.</translation>
    </message>
    <message>
        <source>A step of this change failed, so none of it was recorded.</source>
        <translation>Бұл өзгерістің бір қадамы орындалмады, сондықтан ештеңе жазылған жоқ.</translation>
    </message>
    <message>
        <source>This change was abandoned and cannot be committed.</source>
        <translation>Бұл өзгерістен бас тартылды, оны бекіту мүмкін емес.</translation>
    </message>
    <message>
        <source>The register %1 is damaged (%2); nothing is written into it. Back up what is left, then restore the last good backup (Settings → Register → Restore…, or the command db restore --replace).</source>
        <translation>%1 тіркелімі зақымдалған (%2); оған ештеңе жазылмайды. Қалғанының сақтық көшірмесін жасап, соңғы дұрыс көшірмені қалпына келтіріңіз (Баптаулар → Тіркелім → Қалпына келтіру… немесе db restore --replace командасы).</translation>
    </message>
    <message>
        <source>Cannot create the register %1: %2</source>
        <translation>%1 тізілімін құру мүмкін емес: %2</translation>
    </message>
    <message>
        <source>The register %1 was moved to %2 (db migrate); nothing is written into it any more. Use the register at %2: change --db, TIRKEU_DB, the workstations&apos; Settings and the OCSP responder&apos;s and the CRL job&apos;s configuration to it.</source>
        <translation>%1 тіркелімі %2 орнына көшірілген (db migrate); оған енді ештеңе жазылмайды. %2 тіркелімін пайдаланыңыз: --db, TIRKEU_DB, жұмыс орындарының баптауларын, OCSP жауап берушісінің және КТКТ тапсырмасының баптауларын соған өзгертіңіз.</translation>
    </message>
    <message>
        <source>The register %1 is the copy of %2 that db migrate was making when it stopped, before %2 was retired; nothing is written into it. Run the same db migrate again: it finishes the move if %2 was retired, or says what to do.</source>
        <translation>%1 тіркелімі — db migrate %2 істен шығарылмай тұрып тоқтаған кезде жасап жатқан %2 көшірмесі; оған ештеңе жазылмайды. Сол db migrate командасын қайта іске қосыңыз: %2 істен шығарылған болса, ол көшіруді аяқтайды, әйтпесе не істеу керектігін айтады.</translation>
    </message>
    <message>
        <source>The register %1 carries a mark saying it was moved elsewhere, but no event of its log records such a move: the mark was written outside Tirkeu. Nothing is written into it; an administrator checks it with audit verify. Do not point anything at the address the mark names.</source>
        <translation>%1 тіркелімінде оның басқа жерге көшірілгені туралы белгі бар, бірақ оның журналындағы бірде-бір оқиға мұндай көшіруді жазбаған: белгі Tirkeu-дан тыс жазылған. Оған ештеңе жазылмайды; әкімші оны audit verify арқылы тексереді. Белгіде аталған мекенжайға ештеңені бағыттамаңыз.</translation>
    </message>
    <message>
        <source>The register %1 carries a mark saying it is an unfinished copy of another register (db migrate), but its event log does not end in the event of such a copy: the mark was written outside Tirkeu. Nothing is written into it; an administrator checks it with audit verify. Do not delete or replace this register because of the mark.</source>
        <translation>%1 тіркелімінде оның басқа тіркелімнің аяқталмаған көшірмесі екені туралы белгі бар (db migrate), бірақ оның оқиғалар журналы мұндай көшірменің оқиғасымен аяқталмайды: белгі Tirkeu-дан тыс жазылған. Оған ештеңе жазылмайды; әкімші оны audit verify арқылы тексереді. Осы белгі үшін тіркелімді жоймаңыз және ауыстырмаңыз.</translation>
    </message>
    <message>
        <source>Cannot read the database server&apos;s clock; nothing is recorded.</source>
        <translation>Дерекқор серверінің сағатын оқу мүмкін емес; ештеңе жазылмады.</translation>
    </message>
    <message numerus="yes">
        <source>This computer&apos;s clock reads %1 and the database server&apos;s %2: %n minute(s) apart, more than the %3 the register allows. Events recorded from here would be misdated, so nothing is recorded. Set the clock right (this computer&apos;s, or the server&apos;s if every workstation is refused).</source>
        <translation>
            <numerusform>Бұл компьютердің сағаты %1, дерекқор серверінікі %2 көрсетеді: айырма %n минут, тіркелім рұқсат ететін %3 минуттан көп. Осы жерден жазылған оқиғалардың күні қате болар еді, сондықтан ештеңе жазылмады. Сағатты дұрыстаңыз (осы компьютердікін, ал барлық жұмыс орнына бас тартылса — сервердікін).</numerusform>
            <numerusform>Бұл компьютердің сағаты %1, дерекқор серверінікі %2 көрсетеді: айырма %n минут, тіркелім рұқсат ететін %3 минуттан көп. Осы жерден жазылған оқиғалардың күні қате болар еді, сондықтан ештеңе жазылмады. Сағатты дұрыстаңыз (осы компьютердікін, ал барлық жұмыс орнына бас тартылса — сервердікін).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Drafts</name>
    <message>
        <source>There is no form %1.</source>
        <translation>%1 нысаны жоқ.</translation>
    </message>
    <message>
        <source>A draft names the CA its application is for.</source>
        <translation>Нобай өтініші арналған КО-ны атауы керек.</translation>
    </message>
    <message>
        <source>The draft is too large to keep (%1 KiB, at most %2 KiB).</source>
        <translation>Нобай сақтау үшін тым үлкен (%1 КиБ, ең көбі %2 КиБ).</translation>
    </message>
    <message>
        <source>Draft %1 no longer exists (it was deleted, or it expired after %2 days).</source>
        <translation>%1 нобайы енді жоқ (ол жойылды немесе %2 күннен кейін мерзімі өтті).</translation>
    </message>
    <message>
        <source>You already keep %1 drafts: register or delete some before starting another.</source>
        <translation>Сізде қазірдің өзінде %1 нобай бар: жаңасын бастамас бұрын кейбірін тіркеңіз немесе жойыңыз.</translation>
    </message>
    <message>
        <source>You have no draft %1.</source>
        <translation>Сізде %1 нобайы жоқ.</translation>
    </message>
    <message numerus="yes">
        <source>%n person(s)</source>
        <translation>
            <numerusform>%n тұлға</numerusform>
            <numerusform>%n тұлға</numerusform>
        </translation>
    </message>
    <message>
        <source>Draft %1 was already registered as application No. %2; it is not registered again.</source>
        <translation>%1 нобайы № %2 өтініш ретінде тіркеліп қойған; ол қайта тіркелмейді.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Journals</name>
    <message>
        <source>Name the CA of the report.</source>
        <translation>Есептің КО-сын көрсетіңіз.</translation>
    </message>
    <message>
        <source>There is no CA with the code %1.</source>
        <translation>%1 коды бар КО жоқ.</translation>
    </message>
    <message>
        <source>The number of days must be between 1 and 3660: %1</source>
        <translation>Күндер саны 1 мен 3660 аралығында болуы тиіс: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Notifications</name>
    <message>
        <source>The reminder period must be 1 to 365 days, not %1.</source>
        <translation>Ескерту мерзімі %1 емес, 1–365 күн болуы керек.</translation>
    </message>
    <message>
        <source>The number of attempts must be 1 to 100, not %1.</source>
        <translation>Әрекеттер саны %1 емес, 1–100 болуы керек.</translation>
    </message>
    <message>
        <source>An SMTP server and a sender address are needed to send notices.</source>
        <translation>Хабарламаларды жіберу үшін SMTP сервері мен жіберуші мекенжайы қажет.</translation>
    </message>
    <message>
        <source>Unknown notice state %1 (queued, sent or failed).</source>
        <translation>Хабарламаның белгісіз күйі: %1 (queued, sent немесе failed).</translation>
    </message>
    <message>
        <source>Notice %1 (%2) was not queued by Tirkeu: no event records it. It was added outside Tirkeu and is not sent.</source>
        <translation>%1 хабарламаны (%2) кезекке Tirkeu қоймаған: оны ешбір оқиға жазбайды. Ол Tirkeu-ды айналып қосылған және жіберілмейді.</translation>
    </message>
    <message>
        <source>Notice %1 (%2) goes to %3, but event %4 queued it for %5: it was changed outside Tirkeu and is not sent.</source>
        <translation>%1 хабарлама (%2) %3 мекенжайына жіберілмек, бірақ %4 оқиға оны %5 үшін кезекке қойған: ол Tirkeu-ды айналып өзгертілген және жіберілмейді.</translation>
    </message>
    <message>
        <source>The text of notice %1 (%2) is not the one event %3 queued: it was changed outside Tirkeu and is not sent.</source>
        <translation>%1 хабарламаның (%2) мәтіні %3 оқиға кезекке қойған мәтін емес: ол Tirkeu-ды айналып өзгертілген және жіберілмейді.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::OcspResponder</name>
    <message>
        <source>No CA is configured for the OCSP responder.</source>
        <translation>OCSP жауап берушісі үшін бірде-бір КО бапталмаған.</translation>
    </message>
    <message>
        <source>The CA %1 is configured twice.</source>
        <translation>%1 КО екі рет бапталған.</translation>
    </message>
    <message>
        <source>The OCSP signing key of CA %1 (%2): %3</source>
        <translation>%1 КО-ның OCSP қол қою кілті (%2): %3</translation>
    </message>
    <message>
        <source>The register has no CA %1.</source>
        <translation>Тіркелімде %1 КО жоқ.</translation>
    </message>
    <message>
        <source>The CA %1 has no certificate yet.</source>
        <translation>%1 КО-ның әлі тіркеу куәлігі жоқ.</translation>
    </message>
    <message>
        <source>CA %1: %2</source>
        <translation>КО %1: %2</translation>
    </message>
    <message>
        <source>%1 (signer %2, valid until %3)</source>
        <translation>%1 (қол қоюшы %2, %3 дейін жарамды)</translation>
    </message>
    <message>
        <source>The OCSP responder is not started.</source>
        <translation>OCSP жауап берушісі іске қосылмаған.</translation>
    </message>
    <message>
        <source>no valid OCSP signing certificate in the register (the command ocsp init-signer)</source>
        <translation>тіркелімде жарамды OCSP қол қою куәлігі жоқ (ocsp init-signer командасы)</translation>
    </message>
    <message>
        <source>The register %1 was moved to %2 (db migrate) and takes no revocations any more: no answer is given from it. Set register = %2 in the responder&apos;s configuration and restart it.</source>
        <translation>%1 тіркелімі %2 орнына көшірілді (db migrate) және енді кері қайтарып алуларды қабылдамайды: одан ешқандай жауап берілмейді. Жауап берушінің конфигурациясында register = %2 деп көрсетіп, оны қайта іске қосыңыз.</translation>
    </message>
    <message>
        <source>The register %1 is an unfinished copy of %2 (db migrate stopped before %2 was retired): no answer is given from it.</source>
        <translation>%1 тіркелімі — %2 тіркелімінің аяқталмаған көшірмесі (db migrate %2 істен шығарылмай тұрып тоқтады): одан ешқандай жауап берілмейді.</translation>
    </message>
    <message>
        <source>(an address no event records: the mark was written outside Tirkeu)</source>
        <translation>(бірде-бір оқиға жазбаған мекенжай: белгі Tirkeu-дан тыс жазылған)</translation>
    </message>
    <message>
        <source>The certificate of the CA %1 ended on %2: no answer is given for it.</source>
        <translation>%1 КО сертификатының мерзімі %2 аяқталды: ол бойынша жауап берілмейді.</translation>
    </message>
    <message>
        <source>warning: the OCSP signing certificate %1 of the CA %2 ends on %3 and has not been renewed (the command ocsp renew-signer; is the scheduled job running?)</source>
        <translation>ескерту: %2 КО-ның %1 OCSP қол қою куәлігінің мерзімі %3 аяқталады және ол жаңартылмаған (ocsp renew-signer командасы; жоспарланған тапсырма жұмыс істей ме?)</translation>
    </message>
    <message>
        <source>No answer is given for the CA %1: %2</source>
        <translation>%1 КО бойынша жауап берілмейді: %2</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::OcspSigning</name>
    <message>
        <source>The OCSP signing certificate is valid 1 to %1 days, not %2.</source>
        <translation>OCSP қол қою тіркеу куәлігінің әрекет ету мерзімі 1-ден %1 күнге дейін болуы тиіс, %2 емес.</translation>
    </message>
    <message>
        <source>Give either a new key file for the OCSP signer or an existing key, not both.</source>
        <translation>OCSP қол қоюшысының не жаңа кілт файлын, не бар кілтін көрсетіңіз, екеуін бірге емес.</translation>
    </message>
    <message>
        <source>The CA %1 has no certificate and key yet.</source>
        <translation>%1 КО-ның әлі тіркеу куәлігі мен кілті жоқ.</translation>
    </message>
    <message>
        <source>The CA %1 has ceased operation.</source>
        <translation>%1 КО қызметін тоқтатты.</translation>
    </message>
    <message>
        <source>%1 already exists; a key file is never overwritten.</source>
        <translation>%1 бұрыннан бар; кілт файлы ешқашан қайта жазылмайды.</translation>
    </message>
    <message>
        <source>The passphrase of the OCSP signing key needs at least 12 characters.</source>
        <translation>OCSP қол қою кілтінің құпия фразасы кемінде 12 таңбадан тұруы тиіс.</translation>
    </message>
    <message>
        <source>Renew within 0 to %1 days of the expiry (less than the validity), not %2.</source>
        <translation>Мерзімі аяқталғанға дейін 0-ден %1 күнге дейінгі аралықта (әрекет ету мерзімінен аз) жаңартыңыз, %2 емес.</translation>
    </message>
    <message>
        <source>The serial number %1 is already used; try again.</source>
        <translation>%1 сериялық нөмірі бұрыннан пайдаланылған; қайталап көріңіз.</translation>
    </message>
    <message>
        <source>The CA %1 has no OCSP signing certificate; an administrator sets one up (the command ocsp init-signer).</source>
        <translation>%1 КО-да OCSP қол қою куәлігі жоқ; әкімші оны баптайды (ocsp init-signer командасы).</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::OcspStatus</name>
    <message>
        <source>Cannot open the register %1 for status lookups: %2</source>
        <translation>Күйді тексеру үшін %1 тіркелімін ашу мүмкін емес: %2</translation>
    </message>
    <message>
        <source>Cannot prepare the status lookup: %1</source>
        <translation>Күйді тексеруді дайындау мүмкін емес: %1</translation>
    </message>
    <message>
        <source>Status lookup failed: %1</source>
        <translation>Күйді тексеру сәтсіз аяқталды: %1</translation>
    </message>
    <message>
        <source>Internal error: a lookup-only register connection.</source>
        <translation>Ішкі қате: тек күйді тексеруге арналған тіркелім қосылымы.</translation>
    </message>
    <message>
        <source>There is no register at %1: the OCSP responder serves an existing register (check the register address in its configuration).</source>
        <translation>%1 жерінде тіркелім жоқ: OCSP жауап берушісі бар тіркелімге қызмет көрсетеді (оның баптауларындағы тіркелім мекенжайын тексеріңіз).</translation>
    </message>
    <message>
        <source>The OCSP signing certificate of the CA %1 cannot be read: %2</source>
        <translation>%1 КО-ның OCSP қол қою куәлігін оқу мүмкін емес: %2</translation>
    </message>
    <message>
        <source>The certificate %1 is not an OCSP signing certificate the register records as issued by the CA %2: it signs no answer.</source>
        <translation>%1 куәлігі тіркелімде %2 КО берген OCSP қол қою куәлігі ретінде жазылмаған: ол ешбір жауапқа қол қоймайды.</translation>
    </message>
    <message>
        <source>The OCSP signing certificate %1 of the CA %2 is on hold since %3: it signs no answer.</source>
        <translation>%2 КО-ның %1 OCSP қол қою куәлігі %3 бастап тоқтатылған: ол ешбір жауапқа қол қоймайды.</translation>
    </message>
    <message>
        <source>The OCSP signing certificate %1 of the CA %2 was revoked on %3 (%4): it signs no answer.</source>
        <translation>%2 КО-ның %1 OCSP қол қою куәлігі %3 кері қайтарып алынған (%4): ол ешбір жауапқа қол қоймайды.</translation>
    </message>
    <message>
        <source>The OCSP signing certificate %1 of the CA %2 is valid from %3 only: it signs no answer before then.</source>
        <translation>%2 КО-ның %1 OCSP қол қою куәлігі тек %3 бастап жарамды: оған дейін ол ешбір жауапқа қол қоймайды.</translation>
    </message>
    <message>
        <source>The OCSP signing certificate %1 of the CA %2 ended on %3: it signs no answer (the command ocsp renew-signer).</source>
        <translation>%2 КО-ның %1 OCSP қол қою куәлігінің мерзімі %3 аяқталды: ол ешбір жауапқа қол қоймайды (ocsp renew-signer командасы).</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Operators</name>
    <message>
        <source>A login is 2 to 32 characters: lowercase Latin letters, digits, dot, dash or underscore, starting with a letter.</source>
        <translation>Логин 2-ден 32-ге дейін таңбадан тұрады: латынның кіші әріптері, цифрлар, нүкте, дефис немесе астын сызу; әріптен басталуы тиіс.</translation>
    </message>
    <message>
        <source>The operator&apos;s full name is required.</source>
        <translation>Оператордың аты-жөні міндетті.</translation>
    </message>
    <message>
        <source>The password must have at least %1 characters.</source>
        <translation>Құпиясөз кемінде %1 таңбадан тұруы тиіс.</translation>
    </message>
    <message>
        <source>The password must not be the login.</source>
        <translation>Құпиясөз логинмен бірдей болмауы тиіс.</translation>
    </message>
    <message>
        <source>An operator with the login %1 already exists.</source>
        <translation>%1 логині бар оператор бұрыннан бар.</translation>
    </message>
    <message>
        <source>The password could not be hashed.</source>
        <translation>Құпиясөздің хэшін есептеу мүмкін болмады.</translation>
    </message>
    <message>
        <source>The register already has operators; an administrator must add new accounts.</source>
        <translation>Тіркелімде операторлар бар; жаңа тіркелгілерді әкімші қосуы тиіс.</translation>
    </message>
    <message>
        <source>Wrong login or password.</source>
        <translation>Логин немесе құпиясөз қате.</translation>
    </message>
    <message>
        <source>The account %1 is disabled.</source>
        <translation>%1 тіркелгісі өшірілген.</translation>
    </message>
    <message>
        <source>You cannot disable your own account.</source>
        <translation>Өз тіркелгіңізді өшіре алмайсыз.</translation>
    </message>
    <message>
        <source>There is no operator with the login %1.</source>
        <translation>%1 логині бар оператор жоқ.</translation>
    </message>
    <message>
        <source>The account %1 is already disabled.</source>
        <translation>%1 тіркелгісі бұрын өшірілген.</translation>
    </message>
    <message>
        <source>There is no operator number %1.</source>
        <translation>№%1 оператор жоқ.</translation>
    </message>
    <message>
        <source>A login is locked after 3 to 100 failed sign-ins.</source>
        <translation>Логин 3-тен 100-ге дейінгі сәтсіз кіруден кейін бұғатталады.</translation>
    </message>
    <message>
        <source>The failed sign-in could not be counted.</source>
        <translation>Сәтсіз кіруді есепке алу мүмкін болмады.</translation>
    </message>
    <message>
        <source>Wrong login or password (and the failure could not be recorded: %1).</source>
        <translation>Логин немесе құпия сөз қате (сәтсіздікті тіркеу де мүмкін болмады: %1).</translation>
    </message>
    <message>
        <source>Wrong login or password. After %1 failed sign-ins the login %2 is locked; an administrator must unlock it.</source>
        <translation>Логин немесе құпия сөз қате. %1 сәтсіз кіруден кейін %2 логині бұғатталады; оны әкімші бұғаттан шығаруы керек.</translation>
    </message>
    <message>
        <source>The login %1 is not locked and has no failed sign-ins.</source>
        <translation>%1 логині бұғатталмаған және сәтсіз кірулері жоқ.</translation>
    </message>
    <message>
        <source>The account %1 has been disabled; its session has ended.</source>
        <translation>%1 есептік жазбасы өшірілді; оның сеансы аяқталды.</translation>
    </message>
    <message>
        <source>Too many failed sign-ins for %1: try again in %2 seconds.</source>
        <translation>%1 үшін сәтсіз кірулер тым көп: %2 секундтан кейін қайталаңыз.</translation>
    </message>
    <message>
        <source>The role of the account %1 has changed; its session has ended. Sign in again.</source>
        <translation>%1 тіркелгісінің рөлі өзгерді; оның сеансы аяқталды. Қайта кіріңіз.</translation>
    </message>
    <message>
        <source>The login %1 is locked after too many failed sign-ins; an administrator must unlock it (Settings → Operators → Unlock, or the command operator unlock %1).</source>
        <translation>%1 логині тым көп сәтсіз кіру әрекетінен кейін бұғатталды; әкімші оны бұғаттан шығаруы керек (Баптаулар → Операторлар → Бұғаттан шығару немесе operator unlock %1 командасы).</translation>
    </message>
    <message>
        <source>The account %1 is disabled; its role cannot be changed.</source>
        <translation>%1 тіркелгісі өшірілген; оның рөлін өзгерту мүмкін емес.</translation>
    </message>
    <message>
        <source>The account %1 already has the role %2.</source>
        <translation>%1 тіркелгісінде %2 рөлі бұрыннан бар.</translation>
    </message>
    <message>
        <source>%1 is the last active administrator; make another operator an administrator first.</source>
        <translation>%1 — соңғы белсенді әкімші; алдымен басқа операторды әкімші етіңіз.</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Толық аты-жөні</translation>
    </message>
    <message>
        <source>This password is among the first ones anyone guessing would try; choose another (a phrase of several words is easy to remember).</source>
        <translation>Бұл құпиясөзді болжаушы алдымен тексеретіндердің бірі; басқасын таңдаңыз (бірнеше сөзден тұратын фразаны есте сақтау оңай).</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::OutputFiles</name>
    <message>
        <source>No file name given.</source>
        <translation>Файл атауы берілмеген.</translation>
    </message>
    <message>
        <source>The file %1 already exists; it is not replaced.</source>
        <translation>%1 файлы бұрыннан бар; ол қайта жазылмайды.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>%1 қалтасын құру мүмкін емес.</translation>
    </message>
    <message>
        <source>Cannot create %1: %2</source>
        <translation>%1 файлын құру мүмкін емес: %2</translation>
    </message>
    <message>
        <source>Cannot write %1: %2 (%3)</source>
        <translation>%1 файлына жазу мүмкін емес: %2 (%3)</translation>
    </message>
    <message>
        <source>cannot restrict its permissions</source>
        <translation>оның қол жеткізу құқықтарын шектеу мүмкін емес</translation>
    </message>
    <message>
        <source>write failed</source>
        <translation>жазу қатесі</translation>
    </message>
    <message>
        <source>fsync failed</source>
        <translation>fsync қатесі</translation>
    </message>
    <message>
        <source>close failed</source>
        <translation>жабу қатесі</translation>
    </message>
    <message>
        <source>The file %1 appeared meanwhile; it is not replaced.</source>
        <translation>%1 файлы осы аралықта пайда болды; ол қайта жазылмайды.</translation>
    </message>
    <message>
        <source>rename failed</source>
        <translation>атын өзгерту қатесі</translation>
    </message>
    <message>
        <source>Cannot make %1 readable by its owner only: %2</source>
        <translation>%1 файлын тек иесіне қолжетімді ету мүмкін болмады: %2</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 файлына жазу мүмкін емес: %2</translation>
    </message>
    <message>
        <source>%1 is a symbolic link: a document is never written through one (it would land where the link points). Choose another name.</source>
        <translation>%1 — символдық сілтеме: құжат ешқашан ол арқылы жазылмайды (ол сілтеме көрсететін жерге түсер еді). Басқа атау таңдаңыз.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::PaperCopies</name>
    <message>
        <source>Give the numbers of the blank forms.</source>
        <translation>Бланктердің нөмірлерін көрсетіңіз.</translation>
    </message>
    <message>
        <source>The blank numbers are longer than %1 characters.</source>
        <translation>Бланктердің нөмірлері %1 таңбадан ұзын.</translation>
    </message>
    <message>
        <source>Blank numbers hold digits, letters, spaces, &quot;,&quot;, &quot;-&quot;, &quot;/&quot; and &quot;№&quot; only: %1</source>
        <translation>Бланк нөмірлерінде тек цифрлар, әріптер, бос орындар, &quot;,&quot;, &quot;-&quot;, &quot;/&quot; және &quot;№&quot; болады: %1</translation>
    </message>
    <message>
        <source>The CA %1 has no certificate with the serial number %2.</source>
        <translation>%1 КО-да %2 сериялық нөмірлі тіркеу куәлігі жоқ.</translation>
    </message>
    <message>
        <source>The paper copy of %1 was already printed on the blanks %2.</source>
        <translation>%1 тіркеу куәлігінің қағаз көшірмесі %2 бланктерінде бұрын басылған.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Register</name>
    <message>
        <source>There is no register at %1 yet (creating a new register in the Tirkeu window, or the command db init --db %1, creates it).</source>
        <translation>%1 мекенжайында әлі тіркелім жоқ (оны Tirkeu терезесінде жаңа тіркелім құру немесе db init --db %1 командасы жасайды).</translation>
    </message>
    <message>
        <source>There is no register in %1 yet (creating a new register in the Tirkeu window, or the command db init --db %1, creates it).</source>
        <translation>%1 ішінде әлі тіркелім жоқ (оны Tirkeu терезесінде жаңа тіркелім құру немесе db init --db %1 командасы жасайды).</translation>
    </message>
    <message>
        <source>The register says it was never upgraded to schema version %1, but its event log already binds those rows: its schema history was changed outside Tirkeu. Nothing was done; restore the register from a backup and check it with audit verify.</source>
        <translation>Тізілім өзін %1 схема нұсқасына ешқашан жаңартылмаған дейді, бірақ оның оқиғалар журналы бұл жолдарды байланыстырып қойған: схема тарихы Tirkeu-ды айналып өзгертілген. Ештеңе жасалмады; тізілімді резервтік көшірмеден қалпына келтіріп, audit verify арқылы тексеріңіз.</translation>
    </message>
    <message>
        <source>(an address no event records: the mark was written outside Tirkeu; run audit verify)</source>
        <translation>(бірде-бір оқиға жазбаған мекенжай: белгі Tirkeu-дан тыс жазылған; audit verify іске қосыңыз)</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Retention</name>
    <message>
        <source>Retention periods are whole years from 1 to 100.</source>
        <translation>Сақтау мерзімдері 1-ден 100-ге дейінгі бүтін жылдармен беріледі.</translation>
    </message>
    <message>
        <source>Name the archive folder.</source>
        <translation>Мұрағат қалтасын көрсетіңіз.</translation>
    </message>
    <message>
        <source>Cannot create the archive folder %1.</source>
        <translation>%1 мұрағат қалтасын құру мүмкін емес.</translation>
    </message>
    <message>
        <source>The archive %1 already exists.</source>
        <translation>%1 мұрағаты бұрыннан бар.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 файлына жазу мүмкін емес: %2</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>%1 файлына жазу мүмкін емес.</translation>
    </message>
    <message>
        <source>The archive read back does not hold the expected records; nothing was deleted.</source>
        <translation>Кері оқылған мұрағатта күтілген жазбалар жоқ; ештеңе жойылған жоқ.</translation>
    </message>
    <message>
        <source>The retention sweep was refused by the register; nothing was deleted. %1</source>
        <translation>Тіркелім сақтау мерзімі өткен жазбаларды тазалауды қабылдамады; ештеңе жойылған жоқ. %1</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 файлын оқу мүмкін емес: %2</translation>
    </message>
    <message>
        <source>%1 is not a Tirkeu archive manifest.</source>
        <translation>%1 — Tirkeu мұрағатының манифесті емес.</translation>
    </message>
    <message>
        <source>The archive %1 is damaged at line %2.</source>
        <translation>%1 мұрағаты %2-жолда зақымдалған.</translation>
    </message>
    <message>
        <source>The archive %1 does not match its manifest (SHA-256 differs).</source>
        <translation>%1 мұрағаты өз манифестіне сәйкес келмейді (SHA-256 өзгеше).</translation>
    </message>
    <message>
        <source>The archive %1 holds %2 %3 records; its manifest says %4.</source>
        <translation>%1 мұрағатында %2 жазба бар (%3); манифестте %4 көрсетілген.</translation>
    </message>
    <message>
        <source>Retention periods are never shortened: the %1 CAs keep their records %2 years and the event log %3 years; %4 and %5 years would be shorter. Nothing was changed.</source>
        <translation>Сақтау мерзімдері ешқашан қысқартылмайды: %1 түріндегі КО жазбаларын %2 жыл, оқиғалар журналын %3 жыл сақтайды; %4 және %5 жыл бұдан қысқа болар еді. Ештеңе өзгертілмеді.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Roles</name>
    <message>
        <source>Sign in first.</source>
        <translation>Алдымен жүйеге кіріңіз.</translation>
    </message>
    <message>
        <source>%1 (%2) may not %3.</source>
        <translation>%1 (%2) үшін рұқсат жоқ: %3.</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>оператор</translation>
    </message>
    <message>
        <source>CA officer</source>
        <translation>КО қызметкері</translation>
    </message>
    <message>
        <source>auditor</source>
        <translation>аудитор</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>әкімші</translation>
    </message>
    <message>
        <source>view the register</source>
        <translation>тіркелімді қарау</translation>
    </message>
    <message>
        <source>register applications</source>
        <translation>өтініштерді тіркеу</translation>
    </message>
    <message>
        <source>approve or reject applications</source>
        <translation>өтініштерді мақұлдау немесе қабылдамау</translation>
    </message>
    <message>
        <source>mark applications done</source>
        <translation>өтініштерді орындалды деп белгілеу</translation>
    </message>
    <message>
        <source>issue certificates</source>
        <translation>тіркеу куәліктерін беру</translation>
    </message>
    <message>
        <source>revoke certificates</source>
        <translation>тіркеу куәліктерін кері қайтарып алу</translation>
    </message>
    <message>
        <source>publish CRLs</source>
        <translation>КТКТ жариялау</translation>
    </message>
    <message>
        <source>view the event log</source>
        <translation>оқиғалар журналын қарау</translation>
    </message>
    <message>
        <source>verify the event log</source>
        <translation>оқиғалар журналын тексеру</translation>
    </message>
    <message>
        <source>manage operators</source>
        <translation>операторларды басқару</translation>
    </message>
    <message>
        <source>manage CAs</source>
        <translation>КО-ларды басқару</translation>
    </message>
    <message>
        <source>edit the working-day calendar</source>
        <translation>жұмыс күндері күнтізбесін өзгерту</translation>
    </message>
    <message>
        <source>change retention periods</source>
        <translation>сақтау мерзімдерін өзгерту</translation>
    </message>
    <message>
        <source>run the retention sweep</source>
        <translation>сақтау мерзімі өткен жазбаларды тазалау</translation>
    </message>
    <message>
        <source>back up CA keys</source>
        <translation>КО кілттерінің резервтік көшірмесін жасау</translation>
    </message>
    <message>
        <source>back up, restore or move the register</source>
        <translation>тіркелімнің сақтық көшірмесін жасау, қалпына келтіру немесе көшіру</translation>
    </message>
    <message>
        <source>load a rules file</source>
        <translation>қағидалар файлын жүктеу</translation>
    </message>
    <message>
        <source>set up the OCSP signing certificate</source>
        <translation>OCSP қол қою куәлігін баптау</translation>
    </message>
    <message>
        <source>queue or send notices to holders</source>
        <translation>иелеріне хабарламаларды кезекке қою немесе жіберу</translation>
    </message>
    <message>
        <source>set up the event log&apos;s signing key</source>
        <translation>оқиғалар журналының қол қою кілтін баптау</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Rules</name>
    <message>
        <source>The holder&apos;s password for the key file must have at least %1 characters.</source>
        <translation>Иеленушінің кілт файлына арналған құпиясөзі кемінде %1 таңбадан тұруы тиіс.</translation>
    </message>
    <message>
        <source>The CA key passphrase must have at least %1 characters.</source>
        <translation>КО кілтінің құпия фразасы кемінде %1 таңбадан тұруы тиіс.</translation>
    </message>
    <message>
        <source>Application %1 is %2: only approved applications can be issued.</source>
        <translation>%1 өтінішінің күйі — «%2»: тіркеу куәлігі тек мақұлданған өтініштер бойынша беріледі.</translation>
    </message>
    <message>
        <source>The holder %1 already has a valid certificate %2 at this CA: one key per holder; revoke it first.</source>
        <translation>%1 иеленушінің осы КО-да %2 жарамды тіркеу куәлігі бар: бір иеленушіге бір кілт; алдымен оны кері қайтарып алыңыз.</translation>
    </message>
    <message>
        <source>Records of this CA must be kept at least %1 years after termination under %2 (rules %3); %4 years is below the legal minimum. Nothing was changed.</source>
        <translation>Бұл КО жазбалары %2 (қағидалар: %3) бойынша тоқтатылғаннан кейін кемінде %1 жыл сақталуы тиіс; %4 жыл заңды ең төменгі мерзімнен аз. Ештеңе өзгертілмеді.</translation>
    </message>
    <message>
        <source>The event log must be kept at least %1 year(s) after the certificate&apos;s expiry under %2 (Order No. 405/НҚ of 27.10.2020 of the Minister of Digital Development, Innovations and Aerospace Industry, rules for CA private keys; rules %3); nothing was changed.</source>
        <translation>Оқиғалар журналы %2 (Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі министрінің 27.10.2020 жылғы № 405/НҚ бұйрығы, КО жабық кілттеріне қатысты қағидалар; қағидалар: %3) бойынша тіркеу куәлігінің мерзімі өткеннен кейін кемінде %1 жыл сақталуы тиіс; ештеңе өзгертілмеді.</translation>
    </message>
    <message>
        <source>A refusal needs a reason code.</source>
        <translation>Қабылдамау үшін негіз коды қажет.</translation>
    </message>
    <message>
        <source>%1 is not a ground of refusal of this CA.</source>
        <translation>%1 — бұл КО-ның бас тарту негізі емес.</translation>
    </message>
    <message>
        <source>The grounds are: %1</source>
        <translation>Бас тарту негіздері: %1</translation>
    </message>
    <message>
        <source>In person, with an identity document</source>
        <translation>Жеке өзі келіп, жеке басын куәландыратын құжат арқылы</translation>
    </message>
    <message>
        <source>Biometric identification at the registration centre (seed 001 §6(2))</source>
        <translation>Тіркеу орталығында биометриялық сәйкестендіру (seed 001 §6(2))</translation>
    </message>
    <message>
        <source>Remote multi-factor identification, one factor biometric (seed 001 §6(1))</source>
        <translation>Қашықтан көпфакторлы сәйкестендіру, факторлардың бірі — биометриялық (seed 001 §6(1))</translation>
    </message>
    <message>
        <source>Unknown way of identifying the holder %1; known: %2.</source>
        <translation>Иеленушіні сәйкестендірудің белгісіз тәсілі: %1; белгілі тәсілдер: %2.</translation>
    </message>
    <message>
        <source>A CA key backup needs at least %1 of %2 shares (requirements for CA keys, %3; rules %4); %5 of %6 is refused.</source>
        <translation>КО кілтінің резервтік көшірмесі үшін %2 үлестің кемінде %1 үлесі қажет (КО кілттеріне қойылатын талаптар, %3; қағидалар: %4); %6 үлестің %5 үлесі қабылданбайды.</translation>
    </message>
    <message>
        <source>Person %1 of the letter (%2) left the job or changed post: enter the day this happened (the body reports it within %3 days).</source>
        <translation>Хаттың %1-тұлғасы (%2) жұмыстан кетті немесе басқа орынға ауысты: бұл болған күнді енгізіңіз (орган бұл туралы %3 күн ішінде хабарлайды).</translation>
    </message>
    <message>
        <source>Person %1 of the letter (%2): the day the person left the job is not a date: %3</source>
        <translation>Хаттың %1-тұлғасы (%2): жұмыстан кеткен күні күн емес: %3</translation>
    </message>
    <message>
        <source>Person %1 of the letter (%2): the day the person left the job (%3) is after the day the letter was received (%4).</source>
        <translation>Хаттың %1-тұлғасы (%2): жұмыстан кеткен күні (%3) хат алынған күннен (%4) кейін.</translation>
    </message>
    <message>
        <source>The Government Bodies CA does not issue in a batch: its keys are generated onto the key media and the employee who receives the media is recorded (%1). Issue each person&apos;s certificate on its own.</source>
        <translation>Мемлекеттік органдардың КО топтамамен бермейді: оның кілттері кілт тасығышына жасалады және тасығышты алатын қызметкер тіркеледі (%1). Әр адамның куәлігін жеке беріңіз.</translation>
    </message>
    <message>
        <source>The Government Bodies CA records the serial number of the key media: enter it.</source>
        <translation>Мемлекеттік органдардың КО кілт тасығышының сериялық нөмірін тіркейді: оны енгізіңіз.</translation>
    </message>
    <message>
        <source>The Government Bodies CA generates the holder&apos;s key onto the key media (%1); the rules in force (%2) do not allow issuing from a request made outside the CA.</source>
        <translation>Мемлекеттік органдардың КО иесінің кілтін кілт тасығышына жасайды (%1); қолданыстағы қағидалар (%2) КО-дан тыс жасалған сұрау бойынша беруге рұқсат етпейді.</translation>
    </message>
    <message>
        <source>The Government Bodies CA generates the holder&apos;s key onto the key media (%1): issuing from a request made outside the CA needs the reason, which is recorded.</source>
        <translation>Мемлекеттік органдардың КО иесінің кілтін кілт тасығышына жасайды (%1): КО-дан тыс жасалған сұрау бойынша беру үшін себеп қажет, ол тіркеледі.</translation>
    </message>
    <message>
        <source>The Government Bodies CA hands the key media only to the employee named in the body&apos;s internal order (Order 348, App. 2, cl. 10): enter the employee&apos;s name and position and the order&apos;s number and date.</source>
        <translation>Мемлекеттік органдардың КО кілт тасығышын тек органның ішкі бұйрығында аталған қызметкерге береді (348-бұйрық, 2-қосымша, 10-тармақ): қызметкердің аты-жөні мен лауазымын, бұйрықтың нөмірі мен күнін енгізіңіз.</translation>
    </message>
    <message>
        <source>person %1 of the letter, &quot;%2&quot;</source>
        <translation>хаттағы %1-тұлға, «%2»</translation>
    </message>
    <message>
        <source>%1: %2 is after the day the application was received (%3). Check the date.</source>
        <translation>%1: %2 — өтініш түскен күннен (%3) кейін. Күнді тексеріңіз.</translation>
    </message>
    <message>
        <source>%1: %2 is before 7 January 2003, when the Law on the electronic document and electronic digital signature came into force. Check the date.</source>
        <translation>%1: %2 — «Электрондық құжат және электрондық цифрлық қолтаңба туралы» Заң күшіне енген 2003 жылғы 7 қаңтардан бұрын. Күнді тексеріңіз.</translation>
    </message>
    <message>
        <source>Reason for a request made outside the CA</source>
        <translation>КО-дан тыс жасалған сұраудың себебі</translation>
    </message>
    <message>
        <source>Recipient&apos;s name</source>
        <translation>Алушының аты-жөні</translation>
    </message>
    <message>
        <source>Recipient&apos;s position</source>
        <translation>Алушының лауазымы</translation>
    </message>
    <message>
        <source>Internal order number</source>
        <translation>Ішкі бұйрықтың нөмірі</translation>
    </message>
    <message>
        <source>The holder %1 has the certificate %2 at this CA on hold, and a release would make it valid again: one key per holder. Revoke it for good first, or release it instead.</source>
        <translation>%1 иесінің осы КО-дағы %2 куәлігі тоқтатылған, ал тоқтатудан шығару оны қайта жарамды етеді: бір иеге бір кілт. Алдымен оны біржола кері қайтарып алыңыз немесе жаңасының орнына оны тоқтатудан шығарыңыз.</translation>
    </message>
    <message>
        <source>The internal order is dated %1: an order handing over the key media is dated between 2003 and today.</source>
        <translation>Ішкі бұйрық %1 күнімен белгіленген: кілттік тасығышты беру туралы бұйрық 2003 жыл мен бүгін аралығындағы күнмен белгіленеді.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::RulesBook</name>
    <message>
        <source>The rules file is not valid: %1: %2</source>
        <translation>Қағидалар файлы жарамсыз: %1: %2</translation>
    </message>
    <message>
        <source>an object is required</source>
        <translation>объект қажет</translation>
    </message>
    <message>
        <source>a non-empty text is required</source>
        <translation>бос емес мәтін қажет</translation>
    </message>
    <message>
        <source>a whole number is required</source>
        <translation>бүтін сан қажет</translation>
    </message>
    <message>
        <source>%1 is below the smallest allowed value %2</source>
        <translation>%1 мәні рұқсат етілген ең кіші %2 мәнінен аз</translation>
    </message>
    <message>
        <source>%1 is below the legal minimum %2 (%3)</source>
        <translation>%1 мәні заңда белгіленген ең төменгі %2 мәнінен аз (%3)</translation>
    </message>
    <message>
        <source>%1 is above the largest allowed value %2</source>
        <translation>%1 мәні рұқсат етілген ең үлкен %2 мәнінен көп</translation>
    </message>
    <message>
        <source>unknown form or action %1</source>
        <translation>белгісіз нысан немесе әрекет: %1</translation>
    </message>
    <message>
        <source>use &quot;working&quot; or &quot;calendar&quot;</source>
        <translation>«working» немесе «calendar» мәнін пайдаланыңыз</translation>
    </message>
    <message>
        <source>the deadline %1 is missing</source>
        <translation>%1 мерзімі жоқ</translation>
    </message>
    <message>
        <source>records are kept at least %1 years after termination</source>
        <translation>жазбалар тоқтатылғаннан кейін кемінде %1 жыл сақталады</translation>
    </message>
    <message>
        <source>the event log is kept at least 1 year after the certificate&apos;s expiry</source>
        <translation>оқиғалар журналы тіркеу куәлігінің мерзімі өткеннен кейін кемінде 1 жыл сақталады</translation>
    </message>
    <message>
        <source>%1 is not a form that issues certificates</source>
        <translation>%1 — тіркеу куәлігін беретін нысан емес</translation>
    </message>
    <message>
        <source>the validity of %1 is missing</source>
        <translation>%1 үшін жарамдылық мерзімі жоқ</translation>
    </message>
    <message>
        <source>unknown form %1</source>
        <translation>белгісіз нысан: %1</translation>
    </message>
    <message>
        <source>an object with a &quot;required&quot; list is required</source>
        <translation>«required» тізімі бар объект қажет</translation>
    </message>
    <message>
        <source>the form %1 has no attachment &quot;%2&quot;</source>
        <translation>%1 нысанында «%2» қосымшасы жоқ</translation>
    </message>
    <message>
        <source>a non-empty list of refusal reasons is required</source>
        <translation>бас тарту негіздерінің бос емес тізімі қажет</translation>
    </message>
    <message>
        <source>%1 is not a code (capital letters and digits in parts joined by -, as NCA-DOCS-MISSING)</source>
        <translation>%1 — код емес (- арқылы біріктірілген бөліктердегі бас әріптер мен цифрлар, мысалы, NCA-DOCS-MISSING)</translation>
    </message>
    <message>
        <source>%1 is listed twice</source>
        <translation>%1 екі рет көрсетілген</translation>
    </message>
    <message>
        <source>the key backup is split at least 3 of 5</source>
        <translation>кілттің резервтік көшірмесі кемінде «5 үлестің 3-еуі» схемасы бойынша бөлінеді</translation>
    </message>
    <message>
        <source>the threshold %1 is more than the %2 shares</source>
        <translation>%1 шегі %2 үлес санынан көп</translation>
    </message>
    <message>
        <source>%1 is not a date (yyyy-MM-dd) between 2000 and 2100</source>
        <translation>%1 — 2000 және 2100 жылдар аралығындағы күн (yyyy-MM-dd) емес</translation>
    </message>
    <message>
        <source>name the legal acts the rules follow</source>
        <translation>қағидалар негізделген құқықтық актілерді атаңыз</translation>
    </message>
    <message>
        <source>The rules file is not valid JSON: %1 (at byte %2).</source>
        <translation>Қағидалар файлы жарамды JSON емес: %1 (%2-байтта).</translation>
    </message>
    <message>
        <source>The rules file is not valid: a JSON object is required.</source>
        <translation>Қағидалар файлы жарамсыз: JSON объектісі қажет.</translation>
    </message>
    <message>
        <source>The rules file is not valid: file.format is %1, not tirkeu-rules.</source>
        <translation>Қағидалар файлы жарамсыз: file.format мәні — %1, tirkeu-rules емес.</translation>
    </message>
    <message>
        <source>The rules file is not valid: file.version %1 must be 1 to 64 letters, digits, dots, dashes or underscores.</source>
        <translation>Қағидалар файлы жарамсыз: file.version %1 мәні 1-ден 64-ке дейін әріптен, цифрдан, нүктеден, сызықшадан немесе астын сызу белгісінен тұруы тиіс.</translation>
    </message>
    <message>
        <source>The rules file is not valid: file.editions: at least one edition is required.</source>
        <translation>Қағидалар файлы жарамсыз: file.editions: кемінде бір редакция қажет.</translation>
    </message>
    <message>
        <source>The rules file is not valid: %1.effective_from %2 must come after the previous edition&apos;s %3.</source>
        <translation>Қағидалар файлы жарамсыз: %1.effective_from %2 мәні алдыңғы редакцияның %3 мәнінен кейін болуы тиіс.</translation>
    </message>
    <message>
        <source>%1 (Order No. 348 of 10.12.2010 of the Minister of Communications and Information, rules of the CAs)</source>
        <translation>%1 (Байланыс және ақпарат министрінің 10.12.2010 жылғы № 348 бұйрығы, КО қағидалары)</translation>
    </message>
    <message>
        <source>The rules file stored in the register cannot be read: %1</source>
        <translation>Тіркелімде сақталған қағидалар файлын оқу мүмкін емес: %1</translation>
    </message>
    <message>
        <source>The register holds no rules edition %1.</source>
        <translation>Тіркелімде %1 қағидалар редакциясы жоқ.</translation>
    </message>
    <message>
        <source>A rules file of version %1 was already loaded: records refer to it by that version, so a changed file needs a new version. Nothing was changed.</source>
        <translation>%1 нұсқасындағы қағидалар файлы бұрын жүктелген: жазбалар оған осы нұсқа арқылы сілтеме жасайды, сондықтан өзгертілген файлға жаңа нұсқа қажет. Ештеңе өзгертілмеді.</translation>
    </message>
    <message>
        <source>true or false is required</source>
        <translation>true немесе false қажет</translation>
    </message>
    <message>
        <source>The rules file is not valid: %1 is given twice.</source>
        <translation>Ережелер файлы жарамсыз: %1 екі рет берілген.</translation>
    </message>
    <message>
        <source>The rules file starts with a byte order mark (EF BB BF): save it as UTF-8 without a byte order mark and load it again.</source>
        <translation>Ережелер файлы байт реті белгісінен (EF BB BF) басталады: оны байт реті белгісіз UTF-8 ретінде сақтап, қайта жүктеңіз.</translation>
    </message>
    <message>
        <source>The rules file is not valid UTF-8 text.</source>
        <translation>Ережелер файлы жарамды UTF-8 мәтіні емес.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Schema</name>
    <message>
        <source>This register was written by a newer Tirkeu (schema version %1); this program knows versions up to %2. Install the newer Tirkeu to open it.</source>
        <translation>Бұл тіркелімді Tirkeu-дің жаңарақ нұсқасы жазған (схема нұсқасы %1); бұл бағдарлама %2 нұсқасына дейін қолдайды. Оны ашу үшін Tirkeu-дің жаңа нұсқасын орнатыңыз.</translation>
    </message>
    <message>
        <source>Upgrading the register to schema version %1 failed: %2</source>
        <translation>Тіркелімді %1 схема нұсқасына дейін жаңарту сәтсіз аяқталды: %2</translation>
    </message>
    <message>
        <source>An application role exists only on a PostgreSQL register.</source>
        <translation>Қолданба рөлі тек PostgreSQL тіркелімінде болады.</translation>
    </message>
    <message>
        <source>%1 is not a plain PostgreSQL role name (lower-case letters, digits, _).</source>
        <translation>%1 — қарапайым PostgreSQL рөлінің атауы емес (кіші әріптер, цифрлар, _).</translation>
    </message>
    <message>
        <source>The application role must not be the schema owner %1 that runs db init.</source>
        <translation>Қолданба рөлі db init іске қосатын %1 схема иесі болмауы тиіс.</translation>
    </message>
    <message>
        <source>There is no PostgreSQL role %1; a database administrator creates it (CREATE ROLE %1 LOGIN PASSWORD ...).</source>
        <translation>%1 PostgreSQL рөлі жоқ; оны дерекқор әкімшісі жасайды (CREATE ROLE %1 LOGIN PASSWORD ...).</translation>
    </message>
    <message>
        <source>This register has schema version %1 and needs to be upgraded to %2 (opening it in the Tirkeu window, or the command db init, upgrades it).</source>
        <translation>Бұл тіркелімнің схема нұсқасы %1, оны %2 нұсқасына жаңарту қажет (оны Tirkeu терезесінде ашу немесе db init командасы жаңартады).</translation>
    </message>
    <message>
        <source>This register lacks schema migration %1 and needs to be upgraded (opening it in the Tirkeu window, or the command db init, upgrades it).</source>
        <translation>Бұл тіркелімде %1 схема миграциясы жоқ, оны жаңарту қажет (оны Tirkeu терезесінде ашу немесе db init командасы жаңартады).</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::SchemaCheck</name>
    <message>
        <source>the trigger %1 of the table %2 is missing</source>
        <translation>%2 кестесінің %1 триггері жоқ</translation>
    </message>
    <message>
        <source>the trigger %1 of the table %2 was changed</source>
        <translation>%2 кестесінің %1 триггері өзгертілген</translation>
    </message>
    <message>
        <source>a trigger %1 of the table %2 was added</source>
        <translation>%2 кестесіне %1 триггері қосылған</translation>
    </message>
    <message>
        <source>%1 missing</source>
        <translation>%1 жоқ</translation>
    </message>
    <message>
        <source>%1 changed</source>
        <translation>%1 өзгертілген</translation>
    </message>
    <message>
        <source>%1 added</source>
        <translation>%1 қосылған</translation>
    </message>
    <message>
        <source>the trigger %1 of the table %2 is disabled</source>
        <translation>%2 кестесінің %1 триггері өшірілген</translation>
    </message>
    <message>
        <source>Cannot create a temporary folder.</source>
        <translation>Уақытша қалтаны құру мүмкін емес.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::SchemaPg</name>
    <message>
        <source>Schema version %1 cannot be applied to a PostgreSQL register: %2</source>
        <translation>%1 схема нұсқасын PostgreSQL тіркеліміне қолдану мүмкін емес: %2</translation>
    </message>
    <message>
        <source>it contains a trigger that has no PostgreSQL version (registry/SchemaPg.h)</source>
        <translation>онда PostgreSQL нұсқасы жоқ триггер бар (registry/SchemaPg.h)</translation>
    </message>
    <message>
        <source>it uses %1, which exists only on SQLite</source>
        <translation>онда тек SQLite-та бар %1 пайдаланылады</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Search</name>
    <message>
        <source>Type an IIN, a BIN, a serial number or a name to search for.</source>
        <translation>Іздеу үшін ЖСН, БСН, сериялық нөмірді немесе аты-жөнді енгізіңіз.</translation>
    </message>
    <message>
        <source>%1 is neither a valid IIN nor a valid BIN: %2</source>
        <translation>%1 жарамды ЖСН де, жарамды БСН де емес: %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a certificate serial number (hexadecimal digits, colons allowed).</source>
        <translation>«%1» — тіркеу куәлігінің сериялық нөмірі емес (он алтылық цифрлар, қос нүктеге рұқсат етіледі).</translation>
    </message>
    <message>
        <source>The number of days must be between 1 and %1.</source>
        <translation>Күндер саны 1 мен %1 аралығында болуы тиіс.</translation>
    </message>
    <message>
        <source>Name the subject whose events to show.</source>
        <translation>Оқиғалары көрсетілетін субъектіні көрсетіңіз.</translation>
    </message>
    <message>
        <source>The page to continue from does not belong to this search.</source>
        <translation>Жалғастыратын бет бұл іздеуге жатпайды.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::SmtpSender</name>
    <message>
        <source>The SMTP server must be given as smtp://HOST:PORT or smtps://HOST:PORT, not %1.</source>
        <translation>SMTP сервері %1 емес, smtp://HOST:PORT немесе smtps://HOST:PORT түрінде берілуі керек.</translation>
    </message>
    <message>
        <source>%1 is not a usable sender address.</source>
        <translation>%1 — жарамды жіберуші мекенжайы емес.</translation>
    </message>
    <message>
        <source>%1 is not a usable e-mail address.</source>
        <translation>%1 — жарамды электрондық пошта мекенжайы емес.</translation>
    </message>
    <message>
        <source>The SMTP client could not be started.</source>
        <translation>SMTP клиентін іске қосу мүмкін болмады.</translation>
    </message>
    <message>
        <source>The e-mail to %1 was not sent: %2</source>
        <translation>%1 мекенжайына хат жіберілмеді: %2</translation>
    </message>
    <message>
        <source>Give the mail server&apos;s login separately (a user and a password file), not in its address %1: an address can be read by every user of the machine, and a login is only sent over TLS.</source>
        <translation>Пошта серверінің тіркелгі деректерін оның %1 мекенжайында емес, бөлек беріңіз (пайдаланушы және құпиясөз файлы): мекенжайды компьютердің кез келген пайдаланушысы оқи алады, ал тіркелгі деректері тек TLS арқылы жіберіледі.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::WorkingCalendar</name>
    <message>
        <source>New Year</source>
        <translation>Жаңа жыл</translation>
    </message>
    <message>
        <source>International Women&apos;s Day</source>
        <translation>Халықаралық әйелдер күні</translation>
    </message>
    <message>
        <source>Constitution Day</source>
        <translation>Конституция күні</translation>
    </message>
    <message>
        <source>Nauryz meiramy</source>
        <translation>Наурыз мейрамы</translation>
    </message>
    <message>
        <source>Kazakhstan People&apos;s Unity Day</source>
        <translation>Қазақстан халқының бірлігі мерекесі</translation>
    </message>
    <message>
        <source>Defender of the Fatherland Day</source>
        <translation>Отан қорғаушы күні</translation>
    </message>
    <message>
        <source>Victory Day</source>
        <translation>Жеңіс күні</translation>
    </message>
    <message>
        <source>Capital City Day</source>
        <translation>Астана күні</translation>
    </message>
    <message>
        <source>Republic Day</source>
        <translation>Республика күні</translation>
    </message>
    <message>
        <source>Independence Day</source>
        <translation>Тәуелсіздік күні</translation>
    </message>
    <message>
        <source>Orthodox Christmas</source>
        <translation>Православиелік Рождество</translation>
    </message>
    <message>
        <source>Kurban Ait</source>
        <translation>Құрбан айт</translation>
    </message>
    <message>
        <source>Working day by decree</source>
        <translation>Қаулы бойынша жұмыс күні</translation>
    </message>
    <message>
        <source>Day off by decree</source>
        <translation>Қаулы бойынша демалыс күні</translation>
    </message>
    <message>
        <source>Day off by government decree (worked on %1)</source>
        <extracomment>%1: the Sunday (dd.MM.yyyy) worked in exchange</extracomment>
        <translation>Үкімет қаулысы бойынша демалыс күні (оның орнына %1 күні жұмыс істеледі)</translation>
    </message>
    <message>
        <source>Working day by government decree (for %1)</source>
        <extracomment>%1: the day off (dd.MM.yyyy) this working Sunday pays for</extracomment>
        <translation>Үкімет қаулысы бойынша жұмыс күні (%1 демалыс күнінің орнына)</translation>
    </message>
    <message>
        <source>%1 (moved from %2)</source>
        <extracomment>name of a day off received from a holiday on a weekend; %1: holiday name, %2: its date (dd.MM.yyyy)</extracomment>
        <translation>%1 (%2 күнінен ауыстырылды)</translation>
    </message>
</context>
<context>
    <name>tirkeu::reports::CertificatePrint</name>
    <message>
        <source>The stored certificate %1 cannot be read: %2</source>
        <translation>Сақталған %1 тіркеу куәлігін оқу мүмкін емес: %2</translation>
    </message>
</context>
<context>
    <name>tirkeu::reports::CsvRenderer</name>
    <message>
        <source>Cannot write the CSV file: %1</source>
        <translation>CSV файлына жазу мүмкін емес: %1</translation>
    </message>
    <message>
        <source>The CSV separator is ; , or a tab, not %1.</source>
        <translation>CSV бөлгіші — ; , немесе табуляция, %1 емес.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 файлына жазу мүмкін емес: %2</translation>
    </message>
</context>
<context>
    <name>tirkeu::reports::PdfFonts</name>
    <message>
        <source>Printing needs the graphical part of Qt (a QGuiApplication).</source>
        <translation>Басып шығару үшін Qt-тың графикалық бөлігі (QGuiApplication) қажет.</translation>
    </message>
    <message>
        <source>The font DejaVu Sans was not found in %1 (install the package fonts-dejavu-core): it is embedded in every printed document.</source>
        <translation>DejaVu Sans қарпі %1 ішінде табылмады (fonts-dejavu-core пакетін орнатыңыз): ол басып шығарылатын әрбір құжатқа ендіріледі.</translation>
    </message>
</context>
<context>
    <name>tirkeu::reports::PdfRenderer</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 файлына жазу мүмкін емес: %2</translation>
    </message>
    <message>
        <source>A table needs columns.</source>
        <translation>Кестеге бағандар қажет.</translation>
    </message>
    <message>
        <source>Cannot start the PDF document.</source>
        <translation>PDF құжатын бастау мүмкін емес.</translation>
    </message>
    <message>
        <source>The rows changed while the document was printed; print it again.</source>
        <translation>Құжат басып шығарылып жатқанда жолдар өзгерді; оны қайта басып шығарыңыз.</translation>
    </message>
    <message>
        <source>Cannot write the PDF document: %1</source>
        <translation>PDF құжатын жазу мүмкін емес: %1</translation>
    </message>
    <message>
        <source>Cancelled: nothing was saved.</source>
        <translation>Бас тартылды: ештеңе сақталмады.</translation>
    </message>
</context>
<context>
    <name>tirkeu::reports::Reports</name>
    <message>
        <source>Issuance journal (Government Bodies CA)</source>
        <translation>Тіркеу куәліктерін беру журналы (Мемлекеттік органдардың КО)</translation>
    </message>
    <message>
        <source>Revocation journal (Government Bodies CA)</source>
        <translation>Кері қайтарып алу журналы (Мемлекеттік органдардың КО)</translation>
    </message>
    <message>
        <source>Register extract</source>
        <translation>Тіркелімнен үзінді</translation>
    </message>
    <message>
        <source>Revoked certificates (CRL listing)</source>
        <translation>Кері қайтарып алынған тіркеу куәліктері (КТКТ тізімі)</translation>
    </message>
    <message>
        <source>Open applications and deadlines</source>
        <translation>Ашық өтініштер және мерзімдер</translation>
    </message>
    <message>
        <source>Certificates expiring soon</source>
        <translation>Мерзімі жақында аяқталатын тіркеу куәліктері</translation>
    </message>
    <message>
        <source>Audit chain anchors</source>
        <translation>Аудит тізбегінің зәкірлері</translation>
    </message>
</context>
</TS>
