<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU" sourcelanguage="en">
<context>
    <name>tirkeu-ocsp</name>
    <message>
        <source>OCSP responder (RFC 6960) of a Tirkeu register.</source>
        <translation>OCSP-ответчик (RFC 6960) реестра Tirkeu.</translation>
    </message>
    <message>
        <source>configuration file (default %1)</source>
        <translation>файл конфигурации (по умолчанию %1)</translation>
    </message>
    <message>
        <source>register (overrides register =)</source>
        <translation>реестр (вместо register =)</translation>
    </message>
    <message>
        <source>address (overrides listen =)</source>
        <translation>адрес (вместо listen =)</translation>
    </message>
    <message>
        <source>port, 0 for any free one (overrides port =)</source>
        <translation>порт, 0 — любой свободный (вместо port =)</translation>
    </message>
    <message>
        <source>write the port listened on to this file once ready</source>
        <translation>записать в этот файл порт, когда служба будет готова</translation>
    </message>
    <message>
        <source>check the configuration, keys and certificates, then exit</source>
        <translation>проверить конфигурацию, ключи и сертификаты и выйти</translation>
    </message>
    <message>
        <source>--port is 0 to 65535.</source>
        <translation>--port — от 0 до 65535.</translation>
    </message>
    <message>
        <source>No register (register = … in [responder]).</source>
        <translation>Не указан реестр (register = … в [responder]).</translation>
    </message>
    <message>
        <source>configuration OK: %1</source>
        <translation>конфигурация в порядке: %1</translation>
    </message>
    <message>
        <source>refresh failed: %1</source>
        <translation>обновление не удалось: %1</translation>
    </message>
    <message>
        <source>SIGHUP: reloading the signing certificates</source>
        <translation>SIGHUP: повторная загрузка сертификатов подписи</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>Не удаётся записать %1.</translation>
    </message>
    <message>
        <source>listening on %1 port %2 (%3 threads, register %4%5); CAs: %6</source>
        <translation>слушаю %1, порт %2 (потоков: %3, реестр %4%5); УЦ: %6</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>остановлен</translation>
    </message>
    <message>
        <source>warning: the register address given with --register holds a password, which every user of this computer can read in the process list; put it in the configuration file (closed to other users) or in ~/.pgpass</source>
        <translation>предупреждение: адрес реестра, заданный в --register, содержит пароль, который любой пользователь этого компьютера может прочитать в списке процессов; укажите его в файле настроек (закрытом для других пользователей) или в ~/.pgpass</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::ApplicationDecideCommand</name>
    <message>
        <source>Approve an application (CA officers; never one you registered)</source>
        <translation>Одобрить заявление (сотрудники УЦ; кроме зарегистрированных вами)</translation>
    </message>
    <message>
        <source>Mark an approved application done</source>
        <translation>Отметить одобренное заявление как исполненное</translation>
    </message>
    <message>
        <source>application number</source>
        <translation>номер заявления</translation>
    </message>
    <message>
        <source>a note for the history</source>
        <translation>примечание для истории</translation>
    </message>
    <message>
        <source>Application %1 is now %2.</source>
        <translation>Заявление %1 теперь %2.</translation>
    </message>
    <message>
        <source>Refuse an application on one of its CA&apos;s grounds (CA officers; never one you registered)</source>
        <translation>Отклонить заявление по одному из оснований для отказа, установленных для его УЦ (сотрудники УЦ; кроме зарегистрированных вами)</translation>
    </message>
    <message>
        <source>the ground of refusal, one of the CA&apos;s: %1 (see application refusal-reasons)</source>
        <translation>основание для отказа — одно из оснований УЦ: %1 (см. application refusal-reasons)</translation>
    </message>
    <message>
        <source>free text added to the ground (optional)</source>
        <translation>произвольный текст в дополнение к основанию (необязательно)</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::ApplicationListCommand</name>
    <message>
        <source>List applications with their status and deadline</source>
        <translation>Список заявлений со статусом и сроком</translation>
    </message>
    <message>
        <source>only this CA</source>
        <translation>только этот УЦ</translation>
    </message>
    <message>
        <source>only this form</source>
        <translation>только эта форма</translation>
    </message>
    <message>
        <source>registered, approved, rejected or done</source>
        <translation>registered, approved, rejected или done</translation>
    </message>
    <message>
        <source>only open applications (registered or approved)</source>
        <translation>только заявления в работе (зарегистрированные или одобренные)</translation>
    </message>
    <message>
        <source>only this IIN or BIN</source>
        <translation>только этот ИИН или БИН</translation>
    </message>
    <message>
        <source>at most this many rows</source>
        <translation>не более указанного числа строк</translation>
    </message>
    <message>
        <source>skip this many rows</source>
        <translation>пропустить указанное число строк</translation>
    </message>
    <message>
        <source>Unknown status %1.</source>
        <translation>Неизвестный статус %1.</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>CA</source>
        <translation>УЦ</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Форма</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Поступило</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Срок</translation>
    </message>
    <message>
        <source>IIN/BIN</source>
        <translation>ИИН/БИН</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Заявитель</translation>
    </message>
    <message>
        <source>OVERDUE</source>
        <translation>ПРОСРОЧЕНО</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>срок сегодня</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::ApplicationPrefillCommand</name>
    <message>
        <source>Write the form data of the application a certificate came from, to edit and submit as its re-issue (application submit --replaces)</source>
        <translation>Записать данные формы заявления, по которому выдано регистрационное свидетельство, для правки и подачи на его перевыпуск (application submit --replaces)</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>код УЦ</translation>
    </message>
    <message>
        <source>serial of the certificate to re-issue</source>
        <translation>серийный номер перевыпускаемого регистрационного свидетельства</translation>
    </message>
    <message>
        <source>new file for the form data</source>
        <translation>новый файл для данных формы</translation>
    </message>
    <message>
        <source>Form %1 data of certificate %2 written to %3. Check it, then: tirkeu-cli application submit --ca %4 --form %1 --data %3 --replaces %2 …</source>
        <translation>Данные формы %1 по регистрационному свидетельству %2 записаны в %3. Проверьте их, затем выполните: tirkeu-cli application submit --ca %4 --form %1 --data %3 --replaces %2 …</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::ApplicationRefusalReasonsCommand</name>
    <message>
        <source>List the grounds on which each kind of CA refuses an application (codes for application reject)</source>
        <translation>Перечислить основания, по которым УЦ каждого вида отказывает по заявлению (коды для application reject)</translation>
    </message>
    <message>
        <source>only this kind of CA: root, national or government</source>
        <translation>только УЦ этого вида: root, national или government</translation>
    </message>
    <message>
        <source>Unknown kind of CA %1: root, national or government.</source>
        <translation>Неизвестный вид УЦ %1: укажите root, national или government.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::ApplicationShowCommand</name>
    <message>
        <source>An application number is a positive whole number: %1</source>
        <translation>Номер заявления — целое положительное число: %1</translation>
    </message>
    <message>
        <source>Show one application with its history</source>
        <translation>Показать заявление с историей</translation>
    </message>
    <message>
        <source>application number</source>
        <translation>номер заявления</translation>
    </message>
    <message>
        <source>Application %1: %2, CA %3</source>
        <translation>Заявление %1: %2, УЦ %3</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Статус: %1</translation>
    </message>
    <message>
        <source>Applicant: %1 (%2)</source>
        <translation>Заявитель: %1 (%2)</translation>
    </message>
    <message>
        <source>Received: %1</source>
        <translation>Поступило: %1</translation>
    </message>
    <message>
        <source>Deadline: %1</source>
        <translation>Срок: %1</translation>
    </message>
    <message>
        <source>OVERDUE</source>
        <translation>ПРОСРОЧЕНО</translation>
    </message>
    <message>
        <source>Rejected because: %1</source>
        <translation>Причина отклонения: %1</translation>
    </message>
    <message>
        <source>Consent recorded: %1</source>
        <translation>Согласие на обработку персональных данных зафиксировано: %1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Attachments: %1</source>
        <translation>Приложения: %1</translation>
    </message>
    <message>
        <source>Form data:</source>
        <translation>Данные формы:</translation>
    </message>
    <message>
        <source>History:</source>
        <translation>История:</translation>
    </message>
    <message>
        <source>Holder identified: %1</source>
        <translation>Идентификация владельца: %1</translation>
    </message>
    <message>
        <source>Documents missing: %1</source>
        <translation>Отсутствующие документы: %1</translation>
    </message>
    <message numerus="yes">
        <source>Person %1 (%2) left the job on %3; reported %n day(s) later</source>
        <translation>
            <numerusform>Лицо %1 (%2) уволилось %3; сообщено через %n день</numerusform>
            <numerusform>Лицо %1 (%2) уволилось %3; сообщено через %n дня</numerusform>
            <numerusform>Лицо %1 (%2) уволилось %3; сообщено через %n дней</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>LATE (limit %n day(s))</source>
        <translation>
            <numerusform>С ОПОЗДАНИЕМ (предел %n день)</numerusform>
            <numerusform>С ОПОЗДАНИЕМ (предел %n дня)</numerusform>
            <numerusform>С ОПОЗДАНИЕМ (предел %n дней)</numerusform>
        </translation>
    </message>
    <message>
        <source>Re-issue: replaces the certificate %1</source>
        <translation>Перевыпуск: заменяет свидетельство %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::ApplicationSubmitCommand</name>
    <message>
        <source>Register a filled-in official form (the form data as JSON; field ids from tirkeu-cli form show)</source>
        <translation>Зарегистрировать заполненную официальную форму (данные формы в JSON; идентификаторы полей — см. tirkeu-cli form show)</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>код УЦ</translation>
    </message>
    <message>
        <source>the form data: a JSON object keyed by field id</source>
        <translation>данные формы: JSON-объект, ключи которого — идентификаторы полей</translation>
    </message>
    <message>
        <source>attachments checked as present, comma-separated</source>
        <translation>имеющиеся приложения через запятую</translation>
    </message>
    <message>
        <source>the applicant&apos;s consent to personal-data processing is recorded</source>
        <translation>согласие заявителя на обработку персональных данных зафиксировано</translation>
    </message>
    <message>
        <source>when the application was received (ISO 8601; default: now)</source>
        <translation>время поступления заявления (ISO 8601; по умолчанию — текущее)</translation>
    </message>
    <message>
        <source>Not an ISO 8601 date and time: %1</source>
        <translation>Дата и время не в формате ISO 8601: %1</translation>
    </message>
    <message>
        <source>Application %1 registered at %2.</source>
        <translation>Заявление %1 зарегистрировано %2.</translation>
    </message>
    <message>
        <source>Legal deadline: %1.</source>
        <translation>Установленный законом срок: %1.</translation>
    </message>
    <message>
        <source>form code, e.g. NCA-ISSUE-IND (with --pdf: the PDF must be this form)</source>
        <translation>код формы, например NCA-ISSUE-IND (с --pdf: PDF должен содержать именно эту форму)</translation>
    </message>
    <message>
        <source>the form data: a filled-in template (tirkeu-cli form template)</source>
        <translation>данные формы: заполненный шаблон (tirkeu-cli form template)</translation>
    </message>
    <message>
        <source>re-issue: the serial of the certificate of this CA the new one replaces</source>
        <translation>перевыпуск: серийный номер регистрационного свидетельства этого УЦ, которое заменяется новым</translation>
    </message>
    <message>
        <source>Give the form data either as --data FILE.json or as --pdf FILE.pdf.</source>
        <translation>Укажите данные формы либо как --data FILE.json, либо как --pdf FILE.pdf.</translation>
    </message>
    <message>
        <source>--data needs --form CODE.</source>
        <translation>Для --data нужен параметр --form CODE.</translation>
    </message>
    <message>
        <source>A re-issue (--replaces) is received now; drop --received.</source>
        <translation>Заявление на перевыпуск (--replaces) регистрируется с текущим временем поступления; уберите --received.</translation>
    </message>
    <message>
        <source>how the holder was identified: in_person (identity document), centre_biometric or remote_biometric</source>
        <translation>способ идентификации владельца: in_person (документ, удостоверяющий личность), centre_biometric или remote_biometric</translation>
    </message>
    <message>
        <source>received without some required attachments: registered only to be refused on that ground (application reject --reason-code ...-DOCS-MISSING)</source>
        <translation>поступило без части обязательных приложений: регистрируется только для отказа по этому основанию (application reject --reason-code ...-DOCS-MISSING)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Values registered from the PDF (check them against the applicant&apos;s documents):</source>
        <translation>Значения, внесённые в реестр из PDF (сверьте их с документами заявителя):</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::AuditCheckpointCommand</name>
    <message>
        <source>Write a signed checkpoint of the event log&apos;s current head into the anchor folder (after every CRL run: pins today&apos;s events before the day&apos;s anchor)</source>
        <translation>Записать подписанную контрольную точку текущей вершины журнала событий в папку якорей (после каждого выпуска СОРС: закрепляет сегодняшние события до якоря дня)</translation>
    </message>
    <message>
        <source>the anchor folder (kept outside the database)</source>
        <translation>папка якорей (хранится вне базы данных)</translation>
    </message>
    <message>
        <source>The event log&apos;s head is already signed in %1; nothing written.</source>
        <translation>Вершина журнала событий уже подписана в %1; ничего не записано.</translation>
    </message>
    <message>
        <source>Signed checkpoint written: %1</source>
        <translation>Подписанная контрольная точка записана: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::AuditExportAnchorCommand</name>
    <message>
        <source>the day (default: yesterday)</source>
        <translation>день (по умолчанию — вчера)</translation>
    </message>
    <message>
        <source>write to FILE instead of standard output</source>
        <translation>записать в FILE вместо стандартного вывода</translation>
    </message>
    <message>
        <source>Not a date (YYYY-MM-DD): %1</source>
        <translation>Дата должна быть в формате YYYY-MM-DD: %1</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>Не удалось записать %1.</translation>
    </message>
    <message>
        <source>Anchor written to %1.</source>
        <translation>Контрольная точка записана в %1.</translation>
    </message>
    <message>
        <source>Write the signed anchor of a finished day (or today&apos;s current head, unsigned) as a small file to publish</source>
        <translation>Записать подписанный якорь завершённого дня (или текущую голову сегодняшнего дня, без подписи) в небольшой файл для публикации</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::AuditKeyInitCommand</name>
    <message>
        <source>file whose first line is the audit key&apos;s passphrase or PIN (else $TIRKEU_AUDIT_KEY_PASSPHRASE)</source>
        <translation>файл, первая строка которого — парольная фраза или PIN ключа аудита (иначе $TIRKEU_AUDIT_KEY_PASSPHRASE)</translation>
    </message>
    <message>
        <source>Set up the audit signing key that signs the daily anchors (administrators; never a CA key)</source>
        <translation>Настроить ключ подписи аудита, которым подписываются ежедневные якоря (администраторы; никогда не ключ УЦ)</translation>
    </message>
    <message>
        <source>generate a new key into FILE (encrypted PKCS#8)</source>
        <translation>создать новый ключ в файле FILE (зашифрованный PKCS#8)</translation>
    </message>
    <message>
        <source>use an existing key on a PKCS#11 token instead</source>
        <translation>использовать вместо этого существующий ключ на токене PKCS#11</translation>
    </message>
    <message>
        <source>algorithm of a generated key</source>
        <translation>алгоритм создаваемого ключа</translation>
    </message>
    <message>
        <source>also write the public key (PEM) to FILE, to keep apart from the register</source>
        <translation>также записать открытый ключ (PEM) в FILE, чтобы хранить его отдельно от реестра</translation>
    </message>
    <message>
        <source>replace the audit key already set up</source>
        <translation>заменить уже настроенный ключ аудита</translation>
    </message>
    <message>
        <source>Give either --key-out FILE (a new key file) or --key-uri pkcs11:... .</source>
        <translation>Укажите либо --key-out FILE (новый файл ключа), либо --key-uri pkcs11:... .</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>Не удаётся записать %1.</translation>
    </message>
    <message>
        <source>The audit signing key is set up: %1 (SHA-256 %2). Keep its public key apart from the register.</source>
        <translation>Ключ подписи аудита настроен: %1 (SHA-256 %2). Храните его открытый ключ отдельно от реестра.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::AuditListCommand</name>
    <message>
        <source>List event-log entries, newest first</source>
        <translation>Список записей журнала событий, сначала новые</translation>
    </message>
    <message>
        <source>only events about this subject</source>
        <translation>только события по этому объекту</translation>
    </message>
    <message>
        <source>at most this many events</source>
        <translation>не более указанного числа событий</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Событие</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Объект</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::AuditPublishAnchorsCommand</name>
    <message>
        <source>Write the signed anchor of every finished day not yet in a folder (the daily scheduled job)</source>
        <translation>Записать подписанные якоря всех завершённых дней, которых ещё нет в папке (ежедневное плановое задание)</translation>
    </message>
    <message>
        <source>the anchor folder (kept outside the database)</source>
        <translation>папка якорей (хранится вне базы данных)</translation>
    </message>
    <message numerus="yes">
        <source>%n signed anchor(s) written to %1.</source>
        <translation>
            <numerusform>В %1 записан %n подписанный якорь.</numerusform>
            <numerusform>В %1 записано %n подписанных якоря.</numerusform>
            <numerusform>В %1 записано %n подписанных якорей.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::AuditVerifyCommand</name>
    <message>
        <source>The event log is broken at event %1: %2</source>
        <translation>Целостность журнала событий нарушена на событии %1: %2</translation>
    </message>
    <message>
        <source>The event log is intact: %1 events and %2 daily anchors checked.</source>
        <translation>Целостность журнала событий не нарушена: проверено событий — %1, суточных контрольных точек — %2.</translation>
    </message>
    <message>
        <source>Check the event log&apos;s hash chain, every protected row, and (with options) the signed anchors, archives and published CRLs; exit 8 and name the first damage found</source>
        <translation>Проверить хеш-цепочку журнала событий, каждую защищённую строку и (с параметрами) подписанные якоря, архивы и опубликованные СОРС; завершиться с кодом 8 и назвать первое найденное повреждение</translation>
    </message>
    <message>
        <source>check the chain against every signed daily anchor in DIR</source>
        <translation>сверить цепочку с каждым подписанным ежедневным якорем в DIR</translation>
    </message>
    <message>
        <source>the audit public key (PEM) to check the anchors with (default: the key recorded in the register)</source>
        <translation>открытый ключ аудита (PEM) для проверки якорей (по умолчанию: ключ, записанный в реестре)</translation>
    </message>
    <message>
        <source>published CRLs: every entry must be revoked in the register with the same reason and time</source>
        <translation>опубликованные СОРС: каждая запись должна быть отозвана в реестре с той же причиной и временем</translation>
    </message>
    <message>
        <source>the retention sweep&apos;s archive folder: every archive batch must match its manifest</source>
        <translation>папка архивов очистки по срокам хранения: каждый пакет архива должен соответствовать своему манифесту</translation>
    </message>
    <message>
        <source>--anchor-key needs --anchors DIR.</source>
        <translation>Для --anchor-key нужен --anchors DIR.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The register was changed outside Tirkeu (%1 row %2): %3</source>
        <translation>Реестр изменён в обход Tirkeu (%1, строка %2): %3</translation>
    </message>
    <message>
        <source>Verification failed: %1</source>
        <translation>Проверка не пройдена: %1</translation>
    </message>
    <message>
        <source>Every protected row matches its event: %1 rows checked.</source>
        <translation>Каждая защищённая строка соответствует своему событию: проверено строк: %1.</translation>
    </message>
    <message>
        <source>%1 CRL entries are revoked in the register as published.</source>
        <translation>Записей СОРС, отозванных в реестре так, как опубликовано: %1.</translation>
    </message>
    <message>
        <source>The chain matches %1 signed anchors and %2 signed checkpoints.</source>
        <translation>Цепочка соответствует подписанным якорям (%1) и подписанным контрольным точкам (%2).</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Предупреждение: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaAddCommand</name>
    <message>
        <source>Register a certification authority in this register (administrators)</source>
        <translation>Внести удостоверяющий центр в этот реестр (администраторы)</translation>
    </message>
    <message>
        <source>short code, e.g. NCA-RSA</source>
        <translation>краткий код, например NCA-RSA</translation>
    </message>
    <message>
        <source>CA name</source>
        <translation>наименование УЦ</translation>
    </message>
    <message>
        <source>root, government or national</source>
        <translation>root, government или national</translation>
    </message>
    <message>
        <source>Unknown CA kind %1: use root, government or national.</source>
        <translation>Неизвестный вид УЦ %1: укажите root, government или national.</translation>
    </message>
    <message>
        <source>A setting is KEY=VALUE: %1</source>
        <translation>Параметр задаётся в виде KEY=VALUE: %1</translation>
    </message>
    <message>
        <source>CA %1 added.</source>
        <translation>УЦ %1 добавлен.</translation>
    </message>
    <message>
        <source>CA setting (repeatable): %1</source>
        <translation>параметр УЦ (можно повторять): %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaBackupCommand</name>
    <message>
        <source>Back up a CA key: encrypted file plus one share file per custodian (administrators)</source>
        <translation>Создать резервную копию ключа УЦ: зашифрованный файл и по одному файлу доли на каждого хранителя (администраторы)</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>код УЦ</translation>
    </message>
    <message>
        <source>folder for the backup and share files (created if missing; nothing is overwritten)</source>
        <translation>папка для файлов резервной копии и долей (создаётся при отсутствии; ничего не перезаписывается)</translation>
    </message>
    <message>
        <source>Key of CA %1 (SHA-256 %2) backed up as %3; any %4 of these %5 shares restore it. Give each custodian one share file and delete it here:</source>
        <translation>Резервная копия ключа УЦ %1 (SHA-256 %2) сохранена в %3; для восстановления достаточно любых %4 из этих %5 долей. Передайте каждому хранителю по одному файлу доли и удалите файлы долей здесь:</translation>
    </message>
    <message>
        <source>number of custodians (share files); at least %1</source>
        <translation>число хранителей (файлов долей); не менее %1</translation>
    </message>
    <message>
        <source>shares needed to restore the key; at least %1</source>
        <translation>число долей, необходимое для восстановления ключа; не менее %1</translation>
    </message>
    <message>
        <source>the custodian of the next share: full name and position separated by &quot;;&quot; (once per share, in share order)</source>
        <translation>хранитель следующей доли: ФИО и должность через «;» (по одному разу на каждую долю, в порядке долей)</translation>
    </message>
    <message>
        <source>--custodian takes &quot;full name;position&quot;: %1 has no position.</source>
        <translation>--custodian принимает значение «ФИО;должность»: для %1 не указана должность.</translation>
    </message>
    <message>
        <source>Hand-over record to print and sign: %1</source>
        <translation>Акт приёма-передачи для печати и подписания: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaBackupsCommand</name>
    <message>
        <source>List a CA&apos;s key backups; print a backup&apos;s hand-over record again (administrators)</source>
        <translation>Список резервных копий ключа УЦ; повторная печать акта передачи частей копии (администраторы)</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>код УЦ</translation>
    </message>
    <message>
        <source>print the hand-over record of this backup again (marked as a copy)</source>
        <translation>повторно напечатать акт передачи частей этой резервной копии (с отметкой «Копия»)</translation>
    </message>
    <message>
        <source>where --print writes the record</source>
        <translation>куда --print записывает акт</translation>
    </message>
    <message>
        <source>--print BACKUP and --out FILE.pdf go together.</source>
        <translation>--print BACKUP и --out FILE.pdf указываются вместе.</translation>
    </message>
    <message>
        <source>The hand-over record of the key backup %1 printed again (a copy): %2</source>
        <translation>Акт передачи частей резервной копии ключа %1 напечатан повторно (копия): %2</translation>
    </message>
    <message>
        <source>The CA %1 has no recorded key backup.</source>
        <translation>У УЦ %1 нет записанных резервных копий ключа.</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Создана</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>Резервная копия</translation>
    </message>
    <message>
        <source>Scheme</source>
        <translation>Схема</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Кем</translation>
    </message>
    <message>
        <source>Custodians</source>
        <translation>Хранители</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Файлы</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 из %2</translation>
    </message>
    <message>
        <source>not written, removed: %1</source>
        <translation>не записаны, удалены: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaExportCommand</name>
    <message>
        <source>Write a CA&apos;s certificate to a file (PEM or DER)</source>
        <translation>Записать регистрационное свидетельство УЦ в файл (PEM или DER)</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>код УЦ</translation>
    </message>
    <message>
        <source>file format</source>
        <translation>формат файла</translation>
    </message>
    <message>
        <source>new file for the certificate</source>
        <translation>новый файл для регистрационного свидетельства</translation>
    </message>
    <message>
        <source>The format is pem or der, not %1.</source>
        <translation>Формат — pem или der, а не %1.</translation>
    </message>
    <message>
        <source>Certificate of CA %1 written to %2 (%3).</source>
        <translation>Регистрационное свидетельство УЦ %1 записано в %2 (%3).</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaImportCertCommand</name>
    <message>
        <source>Store the certificate a parent CA issued for a subordinate CA&apos;s key (administrators)</source>
        <translation>Сохранить регистрационное свидетельство, выданное вышестоящим УЦ для ключа подчинённого УЦ (администраторы)</translation>
    </message>
    <message>
        <source>code of the subordinate CA</source>
        <translation>код подчинённого УЦ</translation>
    </message>
    <message>
        <source>the CA certificate (PEM or DER)</source>
        <translation>регистрационное свидетельство УЦ (PEM или DER)</translation>
    </message>
    <message>
        <source>CA %1 can now sign: certificate %2 valid until %3.</source>
        <translation>УЦ %1 теперь может подписывать: регистрационное свидетельство %2 действует до %3.</translation>
    </message>
    <message>
        <source>Issued by the CA %1 of this register.</source>
        <translation>Выдано УЦ %1 этого реестра.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaInitCommand</name>
    <message>
        <source>code of a CA added with ca add</source>
        <translation>код УЦ, добавленного командой ca add</translation>
    </message>
    <message>
        <source>rsa2048, rsa3072, rsa4096, p256 or p384</source>
        <translation>rsa2048, rsa3072, rsa4096, p256 или p384</translation>
    </message>
    <message>
        <source>new file for the encrypted CA key (never overwritten)</source>
        <translation>новый файл для зашифрованного ключа УЦ (не перезаписывается)</translation>
    </message>
    <message>
        <source>file whose first line is the new key&apos;s passphrase (else $TIRKEU_CA_PASSPHRASE)</source>
        <translation>файл, первая строка которого — парольная фраза нового ключа (иначе $TIRKEU_CA_PASSPHRASE)</translation>
    </message>
    <message>
        <source>validity of the CA certificate in years</source>
        <translation>срок действия регистрационного свидетельства УЦ в годах</translation>
    </message>
    <message>
        <source>O= of the CA certificate (default: the CA name)</source>
        <translation>O= регистрационного свидетельства УЦ (по умолчанию — наименование УЦ)</translation>
    </message>
    <message>
        <source>also write the CA certificate (PEM) to this file</source>
        <translation>также записать регистрационное свидетельство УЦ (PEM) в этот файл</translation>
    </message>
    <message>
        <source>CA key passphrase</source>
        <translation>парольная фраза ключа УЦ</translation>
    </message>
    <message>
        <source>The CA is set up, but its certificate could not be written to %1.</source>
        <translation>УЦ настроен, но его регистрационное свидетельство не удалось записать в %1.</translation>
    </message>
    <message>
        <source>CA %1 is set up: key %2 (SHA-256 %3), certificate %4 valid until %5.</source>
        <translation>УЦ %1 настроен: ключ %2 (SHA-256 %3), регистрационное свидетельство %4 действует до %5.</translation>
    </message>
    <message>
        <source>Set up a CA&apos;s key: a self-signed root certificate, or a request to the parent CA (administrators)</source>
        <translation>Создать ключ УЦ: самоподписанное корневое регистрационное свидетельство или запрос к вышестоящему УЦ (администраторы)</translation>
    </message>
    <message>
        <source>use an existing key instead: pkcs11:token=…;object=… (HSM/token) or file:PATH</source>
        <translation>использовать существующий ключ: pkcs11:token=…;object=… (HSM/токен) или file:PATH</translation>
    </message>
    <message>
        <source>file whose first line is the token PIN or key passphrase for --key-uri (else $TIRKEU_CA_PASSPHRASE)</source>
        <translation>файл, первая строка которого — PIN-код токена или парольная фраза ключа для --key-uri (иначе $TIRKEU_CA_PASSPHRASE)</translation>
    </message>
    <message>
        <source>write a certificate request for the parent CA instead of a self-signed certificate</source>
        <translation>записать запрос на регистрационное свидетельство к вышестоящему УЦ вместо самоподписанного регистрационного свидетельства</translation>
    </message>
    <message>
        <source>with --subordinate: new file for the request (PEM)</source>
        <translation>с --subordinate: новый файл для запроса (PEM)</translation>
    </message>
    <message>
        <source>Give either --key-out FILE (a new key) or --key-uri URI (an existing key), not both.</source>
        <translation>Укажите либо --key-out FILE (новый ключ), либо --key-uri URI (существующий ключ), но не оба параметра.</translation>
    </message>
    <message>
        <source>--subordinate needs --csr-out FILE for the request to the parent CA.</source>
        <translation>Для --subordinate нужен параметр --csr-out FILE для запроса к вышестоящему УЦ.</translation>
    </message>
    <message>
        <source>The CA key is created, but: %1</source>
        <translation>Ключ УЦ создан, но: %1</translation>
    </message>
    <message>
        <source>CA %1: key %2 (SHA-256 %3) created; send the request %4 to the parent CA, then run tirkeu-cli ca import-cert --code %1 --cert FILE.</source>
        <translation>УЦ %1: ключ %2 (SHA-256 %3) создан; направьте запрос %4 вышестоящему УЦ, затем выполните tirkeu-cli ca import-cert --code %1 --cert FILE.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaListCommand</name>
    <message>
        <source>List the certification authorities of this register</source>
        <translation>Список удостоверяющих центров этого реестра</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Наименование</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Свидетельство</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaPassphraseOption</name>
    <message>
        <source>file whose first line is the CA key passphrase (else $TIRKEU_CA_PASSPHRASE)</source>
        <translation>файл, первая строка которого — парольная фраза ключа УЦ (иначе $TIRKEU_CA_PASSPHRASE)</translation>
    </message>
    <message>
        <source>%1: file whose first line is the CA key passphrase (else $TIRKEU_CA_PASSPHRASE)</source>
        <translation>%1: файл, первая строка которого — парольная фраза ключа УЦ (иначе $TIRKEU_CA_PASSPHRASE)</translation>
    </message>
    <message>
        <source>No CA key passphrase given: use --ca-passphrase-file FILE or set TIRKEU_CA_PASSPHRASE.</source>
        <translation>Парольная фраза ключа УЦ не указана: используйте --ca-passphrase-file FILE или задайте TIRKEU_CA_PASSPHRASE.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaRestoreCommand</name>
    <message>
        <source>Restore a CA key from its backup and enough custodian shares (administrators)</source>
        <translation>Восстановить ключ УЦ из резервной копии и достаточного числа долей хранителей (администраторы)</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>код УЦ</translation>
    </message>
    <message>
        <source>a custodian&apos;s share file (repeat for each share)</source>
        <translation>файл доли хранителя (повторить для каждой доли)</translation>
    </message>
    <message>
        <source>the encrypted backup (default: CODE.backup next to the first share)</source>
        <translation>зашифрованная резервная копия (по умолчанию — CODE.backup рядом с первой долей)</translation>
    </message>
    <message>
        <source>new file for the restored key (encrypted PKCS#8, never overwritten)</source>
        <translation>новый файл для восстановленного ключа (зашифрованный PKCS#8, не перезаписывается)</translation>
    </message>
    <message>
        <source>file whose first line is the restored key&apos;s new passphrase (else $TIRKEU_NEW_CA_PASSPHRASE)</source>
        <translation>файл, первая строка которого — новая парольная фраза восстановленного ключа (иначе $TIRKEU_NEW_CA_PASSPHRASE)</translation>
    </message>
    <message>
        <source>record the restored file as the CA&apos;s key in the register</source>
        <translation>записать восстановленный файл в реестр как ключ УЦ</translation>
    </message>
    <message>
        <source>Give the custodians&apos; share files with --share FILE (one per share).</source>
        <translation>Укажите файлы долей хранителей параметром --share FILE (по одному на каждую долю).</translation>
    </message>
    <message>
        <source>No passphrase for the restored key: use --passphrase-file FILE or set TIRKEU_NEW_CA_PASSPHRASE.</source>
        <translation>Не указана парольная фраза для восстановленного ключа: используйте --passphrase-file FILE или задайте TIRKEU_NEW_CA_PASSPHRASE.</translation>
    </message>
    <message>
        <source>Key of CA %1 (SHA-256 %2) restored with shares %3 into %4.</source>
        <translation>Ключ УЦ %1 (SHA-256 %2) восстановлен из долей %3 в %4.</translation>
    </message>
    <message>
        <source>The register now uses this file as the CA&apos;s key.</source>
        <translation>Теперь реестр использует этот файл как ключ УЦ.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaSetCommand</name>
    <message>
        <source>Change settings of a CA: publication pointers, CRL periods, policies, name layout, hold (administrators)</source>
        <translation>Изменить параметры УЦ: адреса публикации, периоды СОРС, политики, состав имени, приостановление (администраторы)</translation>
    </message>
    <message>
        <source>the CA&apos;s code</source>
        <translation>код УЦ</translation>
    </message>
    <message>
        <source>settings to change: %1 (aliases crl_url, delta_crl_url, ca_issuers_url); an empty value clears a text</source>
        <translation>изменяемые параметры: %1 (синонимы crl_url, delta_crl_url, ca_issuers_url); пустое значение очищает текст</translation>
    </message>
    <message>
        <source>Give at least one KEY=VALUE; known settings: %1.</source>
        <translation>Укажите хотя бы один KEY=VALUE; известные параметры: %1.</translation>
    </message>
    <message>
        <source>A setting is KEY=VALUE: %1</source>
        <translation>Параметр задаётся как KEY=VALUE: %1</translation>
    </message>
    <message>
        <source>CA %1: settings saved.</source>
        <translation>УЦ %1: параметры сохранены.</translation>
    </message>
    <message>
        <source>Still to set before this CA issues: %1</source>
        <translation>Ещё нужно задать, прежде чем этот УЦ будет выдавать свидетельства: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaShowCommand</name>
    <message>
        <source>Show a CA and all its settings</source>
        <translation>Показать УЦ и все его параметры</translation>
    </message>
    <message>
        <source>the CA&apos;s code</source>
        <translation>код УЦ</translation>
    </message>
    <message>
        <source>CA %1 (%2): %3</source>
        <translation>УЦ %1 (%2): %3</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Параметр</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>Not set yet (a %1 CA refuses to issue without them): %2</source>
        <translation>Ещё не заданы (УЦ вида «%1» без них не выдаёт свидетельства): %2</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CalendarDeadlineCommand</name>
    <message>
        <source>Compute a legal deadline: N working days (or calendar days) after a date</source>
        <translation>Вычислить установленный срок: N рабочих (или календарных) дней от даты</translation>
    </message>
    <message>
        <source>the day the application was received</source>
        <translation>день поступления заявления</translation>
    </message>
    <message>
        <source>within N working days</source>
        <translation>в течение N рабочих дней</translation>
    </message>
    <message>
        <source>within N calendar days</source>
        <translation>в течение N календарных дней</translation>
    </message>
    <message>
        <source>Give either --working-days or --days.</source>
        <translation>Укажите либо --working-days, либо --days.</translation>
    </message>
    <message>
        <source>The number of days must be between 1 and 366.</source>
        <translation>Число дней должно быть от 1 до 366.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CalendarSetCommand</name>
    <message>
        <source>Make a day a working day or a day off (a decree swap), or clear such an override (administrators)</source>
        <translation>Сделать день рабочим или выходным (перенос по постановлению) либо отменить такое изменение (администраторы)</translation>
    </message>
    <message>
        <source>the day</source>
        <translation>день</translation>
    </message>
    <message>
        <source>the day is a working day</source>
        <translation>день рабочий</translation>
    </message>
    <message>
        <source>the day is a day off</source>
        <translation>день выходной</translation>
    </message>
    <message>
        <source>remove the override: the built-in rules apply again</source>
        <translation>отменить изменение: снова действуют встроенные правила</translation>
    </message>
    <message>
        <source>why (e.g. the decree)</source>
        <translation>основание (например, постановление)</translation>
    </message>
    <message>
        <source>Give exactly one of --working, --day-off or --clear.</source>
        <translation>Укажите ровно один из параметров: --working, --day-off или --clear.</translation>
    </message>
    <message>
        <source>%1 is now: %2.</source>
        <translation>%1 теперь: %2.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CalendarShowCommand</name>
    <message>
        <source>working day</source>
        <translation>рабочий день</translation>
    </message>
    <message>
        <source>worked weekend day</source>
        <translation>рабочий день (перенос выходного)</translation>
    </message>
    <message>
        <source>weekend</source>
        <translation>выходной день</translation>
    </message>
    <message>
        <source>public holiday</source>
        <translation>праздничный день</translation>
    </message>
    <message>
        <source>day off (moved holiday)</source>
        <translation>выходной день (перенос праздника)</translation>
    </message>
    <message>
        <source>day off (not moved)</source>
        <translation>выходной день (без переноса)</translation>
    </message>
    <message>
        <source>day off by decree</source>
        <translation>выходной день по постановлению</translation>
    </message>
    <message>
        <source>Not a date (YYYY-MM-DD): %1</source>
        <translation>Дата должна быть в формате YYYY-MM-DD: %1</translation>
    </message>
    <message>
        <source>Show the holidays, moved days and overrides of a year (Kazakhstan working-day calendar)</source>
        <translation>Показать праздники, переносы и изменения за год (календарь рабочих дней Казахстана)</translation>
    </message>
    <message>
        <source>the year (default: this year)</source>
        <translation>год (по умолчанию — текущий)</translation>
    </message>
    <message>
        <source>Give a year between 2000 and 2100.</source>
        <translation>Укажите год от 2000 до 2100.</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Working days in %1: %2</source>
        <translation>Рабочих дней в %1 году: %2</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CertificateExportCommand</name>
    <message>
        <source>The format is pem or der, not %1.</source>
        <translation>Формат — pem или der, а не %1.</translation>
    </message>
    <message>
        <source>No output file given (--out FILE).</source>
        <translation>Не указан выходной файл (--out FILE).</translation>
    </message>
    <message>
        <source>Write an issued certificate to a file (PEM or DER)</source>
        <translation>Записать выданное регистрационное свидетельство в файл (PEM или DER)</translation>
    </message>
    <message>
        <source>serial number in hex (colons allowed)</source>
        <translation>серийный номер в шестнадцатеричном виде (допускаются двоеточия)</translation>
    </message>
    <message>
        <source>CA code (needed when two CAs used the same serial)</source>
        <translation>код УЦ (нужен, если два УЦ использовали один серийный номер)</translation>
    </message>
    <message>
        <source>file format</source>
        <translation>формат файла</translation>
    </message>
    <message>
        <source>new file for the certificate</source>
        <translation>новый файл для регистрационного свидетельства</translation>
    </message>
    <message>
        <source>Certificate %1 of %2 written to %3 (%4).</source>
        <translation>Регистрационное свидетельство %1 УЦ %2 записано в %3 (%4).</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CertificateIssueBatchCommand</name>
    <message>
        <source>Issue the certificates of many approved applications (or persons of letters) from the holders&apos; CSRs at once, recorded in groups; each file is written once its certificate is recorded (officers)</source>
        <translation>Выдать регистрационные свидетельства по многим одобренным заявлениям (или лицам из писем) по запросам владельцев сразу, с записью группами; каждый файл пишется после записи его свидетельства (офицеры)</translation>
    </message>
    <message>
        <source>folder of requests named &lt;application&gt;.csr or &lt;application&gt;-&lt;person&gt;.csr (letters), with &lt;…&gt;-auth.csr for the authentication key of a signing-and-authentication application</source>
        <translation>папка запросов с именами &lt;заявление&gt;.csr или &lt;заявление&gt;-&lt;лицо&gt;.csr (письма), с &lt;…&gt;-auth.csr для ключа аутентификации заявления на подпись и аутентификацию</translation>
    </message>
    <message>
        <source>instead of --dir: lines application,person,csr[,auth_csr[,media_serial]] (paths relative to the manifest)</source>
        <translation>вместо --dir: строки application,person,csr[,auth_csr[,media_serial]] (пути относительно перечня)</translation>
    </message>
    <message>
        <source>folder for the certificates (&lt;application&gt;[-&lt;person&gt;].pem, -auth.pem; created if missing; no file is overwritten)</source>
        <translation>папка для свидетельств (&lt;заявление&gt;[-&lt;лицо&gt;].pem, -auth.pem; создаётся при отсутствии; ни один файл не перезаписывается)</translation>
    </message>
    <message>
        <source>certificates recorded per durable transaction at most (1 to 10000)</source>
        <translation>наибольшее число свидетельств в одной надёжной транзакции (от 1 до 10000)</translation>
    </message>
    <message>
        <source>Give either --dir DIR or --manifest CSV, not both.</source>
        <translation>Укажите либо --dir DIR, либо --manifest CSV, но не оба.</translation>
    </message>
    <message>
        <source>--group-size is from 1 to 10000.</source>
        <translation>--group-size — от 1 до 10000.</translation>
    </message>
    <message>
        <source>Certificate %1 is issued and recorded, but: %2 Export it with tirkeu-cli certificate show %1 --out FILE.</source>
        <translation>Свидетельство %1 выдано и записано, но: %2 Экспортируйте его командой tirkeu-cli certificate show %1 --out FILE.</translation>
    </message>
    <message>
        <source>%1: certificate %2 issued for %3; written to %4.</source>
        <translation>%1: свидетельство %2 выдано для %3; записано в %4.</translation>
    </message>
    <message>
        <source>%1: refused: %2</source>
        <translation>%1: отказано: %2</translation>
    </message>
    <message>
        <source>%1: not issued (its group was not recorded): %2</source>
        <translation>%1: не выдано (его группа не записана): %2</translation>
    </message>
    <message>
        <source>tirkeu-cli: error: %1</source>
        <translation>tirkeu-cli: ошибка: %1</translation>
    </message>
    <message>
        <source>Batch: %1 of %2 requests issued (%3 durable groups), %4 refused, %5 not issued.</source>
        <translation>Пакет: выдано %1 из %2 запросов (%3 надёжных групп), %4 отказано, %5 не выдано.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CertificateIssueCommand</name>
    <message>
        <source>application number</source>
        <translation>номер заявления</translation>
    </message>
    <message>
        <source>the holder&apos;s PKCS#10 request (PEM or DER)</source>
        <translation>запрос PKCS#10 владельца (PEM или DER)</translation>
    </message>
    <message>
        <source>new file for the certificate (DER for .der/.cer, else PEM)</source>
        <translation>новый файл для регистрационного свидетельства (DER для .der/.cer, иначе PEM)</translation>
    </message>
    <message>
        <source>An application number is a positive whole number: %1</source>
        <translation>Номер заявления — целое положительное число: %1</translation>
    </message>
    <message>
        <source>Certificate %1 is issued and recorded, but: %2 Export it with tirkeu-cli certificate show %1 --out FILE.</source>
        <translation>Регистрационное свидетельство %1 выдано и внесено в реестр, но: %2 Выгрузите его командой tirkeu-cli certificate show %1 --out FILE.</translation>
    </message>
    <message>
        <source>Certificate %1 issued (%2) for %3, valid until %4; written to %5.</source>
        <translation>Регистрационное свидетельство %1 выдано (%2) для %3, действует до %4; записано в %5.</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Примечание: %1</translation>
    </message>
    <message>
        <source>Issue the certificate of an approved application: from the holder&apos;s CSR, or with a key generated onto the key media as PKCS#12 (officers)</source>
        <translation>Выдать регистрационное свидетельство по одобренному заявлению: по CSR владельца или с генерацией ключа на ключевой носитель в виде PKCS#12 (сотрудники УЦ)</translation>
    </message>
    <message>
        <source>instead of --csr: generate the holder&apos;s key and write it with the certificate to this PKCS#12 file</source>
        <translation>вместо --csr: сгенерировать ключ владельца и записать его вместе с регистрационным свидетельством в этот файл PKCS#12</translation>
    </message>
    <message>
        <source>file whose first line is the holder&apos;s password for the PKCS#12 (at least 8 characters)</source>
        <translation>файл, первая строка которого — пароль владельца к PKCS#12 (не менее 8 символов)</translation>
    </message>
    <message>
        <source>with --pkcs12-out: rsa2048, rsa3072, rsa4096, p256 or p384</source>
        <translation>с --pkcs12-out: rsa2048, rsa3072, rsa4096, p256 или p384</translation>
    </message>
    <message>
        <source>serial number of the key media (required by the Government Bodies CA)</source>
        <translation>серийный номер ключевого носителя (обязателен для УЦ государственных органов)</translation>
    </message>
    <message>
        <source>a government body&apos;s letter: the listed person (1, 2, …) to issue for</source>
        <translation>письмо государственного органа: номер лица в списке (1, 2, …), которому выдаётся регистрационное свидетельство</translation>
    </message>
    <message>
        <source>re-issue: revoke the replaced certificate as superseded in the same step</source>
        <translation>перевыпуск: на том же шаге отозвать заменённое регистрационное свидетельство по причине superseded</translation>
    </message>
    <message>
        <source>Give either --csr FILE (the holder&apos;s request) or --pkcs12-out FILE (a key generated here), not both.</source>
        <translation>Укажите либо --csr FILE (запрос владельца), либо --pkcs12-out FILE (ключ, сгенерированный здесь), но не оба параметра.</translation>
    </message>
    <message>
        <source>--person counts from 1.</source>
        <translation>--person отсчитывается с 1.</translation>
    </message>
    <message>
        <source>--pkcs12-out needs --pkcs12-password-file FILE.</source>
        <translation>Для --pkcs12-out нужен параметр --pkcs12-password-file FILE.</translation>
    </message>
    <message>
        <source>holder&apos;s PKCS#12 password</source>
        <translation>пароль владельца к PKCS#12</translation>
    </message>
    <message>
        <source>The holder&apos;s key and certificate are in %1 (PKCS#12, protected by the holder&apos;s password).</source>
        <translation>Ключ и регистрационное свидетельство владельца находятся в %1 (PKCS#12, защищён паролем владельца).</translation>
    </message>
    <message>
        <source>The replaced certificate %1 is revoked as superseded.</source>
        <translation>Заменённое регистрационное свидетельство %1 отозвано по причине superseded (замена).</translation>
    </message>
    <message>
        <source>signing and authentication: the request of the authentication key (--csr is the signing key&apos;s)</source>
        <translation>подписание и аутентификация: запрос ключа аутентификации (--csr — запрос ключа подписания)</translation>
    </message>
    <message>
        <source>signing and authentication: PKCS#12 file for the authentication key (default: the --pkcs12-out name with -auth before the extension)</source>
        <translation>подписание и аутентификация: файл PKCS#12 для ключа аутентификации (по умолчанию — имя из --pkcs12-out с -auth перед расширением)</translation>
    </message>
    <message>
        <source>signing and authentication: file for the authentication certificate (default: the --out name with -auth before the extension)</source>
        <translation>подписание и аутентификация: файл для регистрационного свидетельства аутентификации (по умолчанию — имя из --out с -auth перед расширением)</translation>
    </message>
    <message>
        <source>--auth-csr goes with --csr; with --pkcs12-out both keys are generated here.</source>
        <translation>--auth-csr указывается вместе с --csr; с --pkcs12-out оба ключа генерируются здесь.</translation>
    </message>
    <message>
        <source>--auth-pkcs12-out goes with --pkcs12-out (keys generated here).</source>
        <translation>--auth-pkcs12-out указывается вместе с --pkcs12-out (ключи генерируются здесь).</translation>
    </message>
    <message>
        <source>Application %1 asks for signing and authentication: give the authentication key&apos;s request with --auth-csr FILE (--csr is the signing key&apos;s).</source>
        <translation>В заявлении %1 запрошены подписание и аутентификация: укажите запрос ключа аутентификации параметром --auth-csr FILE (--csr — запрос ключа подписания).</translation>
    </message>
    <message>
        <source>Application %1 asks for one certificate (%2): the --auth-… options are for applications for signing and authentication.</source>
        <translation>В заявлении %1 запрошено одно регистрационное свидетельство (%2): параметры --auth-… предназначены только для заявлений на подписание и аутентификацию.</translation>
    </message>
    <message>
        <source>Government Bodies CA: the employee named in the body&apos;s internal order who receives the key media</source>
        <translation>УЦ государственных органов: сотрудник, названный во внутреннем приказе органа, который получает ключевой носитель</translation>
    </message>
    <message>
        <source>Government Bodies CA: that employee&apos;s position</source>
        <translation>УЦ государственных органов: должность этого сотрудника</translation>
    </message>
    <message>
        <source>Government Bodies CA: the number of the body&apos;s internal order</source>
        <translation>УЦ государственных органов: номер внутреннего приказа органа</translation>
    </message>
    <message>
        <source>Government Bodies CA: the date of the body&apos;s internal order</source>
        <translation>УЦ государственных органов: дата внутреннего приказа органа</translation>
    </message>
    <message>
        <source>Government Bodies CA with --csr: why the key was not generated here (recorded; only where the rules in force allow it)</source>
        <translation>УЦ государственных органов с --csr: почему ключ создан не здесь (записывается; только если это позволяют действующие правила)</translation>
    </message>
    <message>
        <source>--recipient-order-date is a date (YYYY-MM-DD): %1</source>
        <translation>--recipient-order-date — это дата (ГГГГ-ММ-ДД): %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CertificateListCommand</name>
    <message>
        <source>List issued certificates</source>
        <translation>Список выданных регистрационных свидетельств</translation>
    </message>
    <message>
        <source>only this CA</source>
        <translation>только этот УЦ</translation>
    </message>
    <message>
        <source>valid or revoked</source>
        <translation>valid или revoked</translation>
    </message>
    <message>
        <source>at most this many</source>
        <translation>не более указанного количества</translation>
    </message>
    <message>
        <source>skip this many</source>
        <translation>пропустить указанное количество</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>Серийный номер</translation>
    </message>
    <message>
        <source>CA</source>
        <translation>УЦ</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профиль</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Действует до</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Объект</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CertificatePrintCommand</name>
    <message>
        <source>Print the paper copy of an issued certificate (PDF)</source>
        <translation>Напечатать бумажную копию выданного регистрационного свидетельства (PDF)</translation>
    </message>
    <message>
        <source>certificate serial number</source>
        <translation>серийный номер регистрационного свидетельства</translation>
    </message>
    <message>
        <source>CA code (when the serial is not unique)</source>
        <translation>код УЦ (если серийный номер не уникален)</translation>
    </message>
    <message>
        <source>output file</source>
        <translation>выходной файл</translation>
    </message>
    <message>
        <source>Certificate printed to %1.</source>
        <translation>Печатная форма регистрационного свидетельства записана в %1.</translation>
    </message>
    <message>
        <source>the numbers of the blank forms the paper copy is printed on (GOV issuance journal, column 8; needs --ca; recorded once)</source>
        <translation>номера бланков, на которых печатается бумажная копия (журнал выдачи ГО, графа 8; нужен --ca; записываются один раз)</translation>
    </message>
    <message>
        <source>--blank-numbers needs --ca CODE.</source>
        <translation>Для --blank-numbers нужен --ca CODE.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CertificateReleaseCommand</name>
    <message>
        <source>Lift a certificate hold: the certificate is valid again; the next delta CRL lists it as removeFromCRL and the next full CRL omits it (officers)</source>
        <translation>Возобновить действие приостановленного регистрационного свидетельства: оно снова действительно; следующий дельта-СОРС указывает его как removeFromCRL, а следующий полный СОРС его не содержит (сотрудники УЦ)</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>код УЦ</translation>
    </message>
    <message>
        <source>serial number in hex of the certificate on hold</source>
        <translation>серийный номер приостановленного регистрационного свидетельства в шестнадцатеричном виде</translation>
    </message>
    <message>
        <source>holder_application, court_decision, ca_termination or holder_left_job</source>
        <translation>holder_application, court_decision, ca_termination или holder_left_job</translation>
    </message>
    <message>
        <source>the document the release rests on (number, date; at most 500 characters)</source>
        <translation>документ-основание возобновления действия (номер, дата; не более 500 символов)</translation>
    </message>
    <message>
        <source>Certificate %1 of %2 is released from hold and valid again; the next delta CRL lists it as removeFromCRL.</source>
        <translation>Действие регистрационного свидетельства %1 УЦ %2 возобновлено, оно снова действительно; следующий дельта-СОРС укажет его как removeFromCRL.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CertificateRevokeCommand</name>
    <message>
        <source>serial number in hex (colons allowed)</source>
        <translation>серийный номер в шестнадцатеричном виде (допускаются двоеточия)</translation>
    </message>
    <message>
        <source>unspecified, key_compromise, ca_compromise, affiliation_changed, superseded, cessation_of_operation, certificate_hold, privilege_withdrawn, aa_compromise (or the RFC 5280 number)</source>
        <translation>unspecified, key_compromise, ca_compromise, affiliation_changed, superseded, cessation_of_operation, certificate_hold, privilege_withdrawn, aa_compromise (или номер по RFC 5280)</translation>
    </message>
    <message>
        <source>holder_application, court_decision, ca_termination or holder_left_job</source>
        <translation>holder_application, court_decision, ca_termination или holder_left_job</translation>
    </message>
    <message>
        <source>Unknown revocation reason %1 (see --help).</source>
        <translation>Неизвестная причина отзыва %1 (см. --help).</translation>
    </message>
    <message>
        <source>An application number is a positive whole number: %1</source>
        <translation>Номер заявления — целое положительное число: %1</translation>
    </message>
    <message>
        <source>Certificate %1 of %2 revoked (%3) at %4.</source>
        <translation>Регистрационное свидетельство %1 УЦ %2 отозвано %4 (%3).</translation>
    </message>
    <message>
        <source>Revoke a certificate with an RFC 5280 reason and a basis, or on the holder&apos;s signed request (officers)</source>
        <translation>Отозвать регистрационное свидетельство с указанием причины по RFC 5280 и основания либо по подписанному заявлению владельца (сотрудники УЦ)</translation>
    </message>
    <message>
        <source>CA code (with --signed-request: optional, the signer&apos;s CA)</source>
        <translation>код УЦ (с --signed-request — необязательно, УЦ подписанта)</translation>
    </message>
    <message>
        <source>the holder&apos;s revocation application signed with the certificate (CMS, DER or PEM); replaces --serial, --reason, --basis and --application</source>
        <translation>заявление владельца на отзыв, подписанное этим регистрационным свидетельством (CMS, DER или PEM); заменяет --serial, --reason, --basis и --application</translation>
    </message>
    <message>
        <source>Delta CRL number %1 published at once (%2 entries): %3</source>
        <translation>Дельта-СОРС № %1 опубликован немедленно (записей — %2): %3</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Предупреждение: %1</translation>
    </message>
    <message>
        <source>--%1 cannot be combined with --signed-request: the signed application says what to revoke and why.</source>
        <translation>--%1 нельзя сочетать с --signed-request: что и почему отзывается, указано в подписанном заявлении.</translation>
    </message>
    <message>
        <source>Certificate %1 of %2 revoked (%3) at %4 on the holder&apos;s signed application %5 (%6, signed with certificate %7).</source>
        <translation>Регистрационное свидетельство %1 УЦ %2 отозвано (%3) %4 по подписанному заявлению владельца %5 (%6, подписано регистрационным свидетельством %7).</translation>
    </message>
    <message>
        <source>the revocation application; alone (without --serial, --reason, --basis): carry out that approved application</source>
        <translation>заявление на отзыв; без --serial, --reason, --basis: исполнить это одобренное заявление</translation>
    </message>
    <message>
        <source>certificate revoke needs --%1 (or --signed-request FILE, or --application N alone for an approved revocation application).</source>
        <translation>для certificate revoke нужен --%1 (или --signed-request FILE, или только --application N для одобренного заявления на отзыв).</translation>
    </message>
    <message>
        <source>Application %1 carried out: %2 revoked.</source>
        <translation>Заявление №%1 исполнено: отозвано %2.</translation>
    </message>
    <message>
        <source>the document the revocation rests on (number, date; at most 500 characters)</source>
        <translation>документ, на основании которого производится отзыв (номер, дата; не более 500 символов)</translation>
    </message>
    <message>
        <source>key compromise at a CA with a publish folder, to publish a delta CRL at once</source>
        <translation>компрометация ключа в УЦ с папкой публикации — чтобы сразу опубликовать дельта-СОРС</translation>
    </message>
    <message>
        <source>CRL number %1 published at once (%2 entries): %3</source>
        <translation>СОРС № %1 опубликован немедленно (записей — %2): %3</translation>
    </message>
    <message>
        <source>Not an ISO 8601 date or date and time: %1 (e.g. 2026-12-01 or 2026-12-01T09:30).</source>
        <translation>Не дата и не дата со временем в формате ISO 8601: %1 (например, 2026-12-01 или 2026-12-01T09:30).</translation>
    </message>
    <message>
        <source>since when the key is known or suspected to be compromised (ISO 8601 date, or date and time; Almaty time unless a zone is given): the CRL entry&apos;s invalidityDate; not after the revocation, not in the future</source>
        <translation>с какого момента ключ известен или предполагается скомпрометированным (дата или дата и время в формате ISO 8601; если часовой пояс не указан — время Алматы): invalidityDate записи СОРС; не позже отзыва и не в будущем</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CertificateShowCommand</name>
    <message>
        <source>Show one certificate (and export it with --out)</source>
        <translation>Показать регистрационное свидетельство (и выгрузить его с --out)</translation>
    </message>
    <message>
        <source>serial number in hex (colons allowed)</source>
        <translation>серийный номер в шестнадцатеричном виде (допускаются двоеточия)</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>код УЦ</translation>
    </message>
    <message>
        <source>write the certificate (DER for .der/.cer, else PEM)</source>
        <translation>записать регистрационное свидетельство (DER для .der/.cer, иначе PEM)</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>%1, %2 (internal order %3 of %4)</source>
        <translation>%1, %2 (внутренний приказ № %3 от %4)</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CliApp</name>
    <message>
        <source>register: a SQLite file (default: the embedded register in your data folder, or $TIRKEU_DB)</source>
        <translation>реестр: файл SQLite (по умолчанию — встроенный реестр в папке данных или $TIRKEU_DB)</translation>
    </message>
    <message>
        <source>operator login to act as</source>
        <translation>логин оператора, от имени которого выполняется команда</translation>
    </message>
    <message>
        <source>file whose first line is the operator&apos;s password (else $TIRKEU_PASSWORD)</source>
        <translation>файл, первая строка которого — пароль оператора (иначе $TIRKEU_PASSWORD)</translation>
    </message>
    <message>
        <source>machine-readable JSON on standard output</source>
        <translation>машиночитаемый JSON в стандартный вывод</translation>
    </message>
    <message>
        <source>language of messages (default: $TIRKEU_LANG or the system locale)</source>
        <translation>язык сообщений (по умолчанию — $TIRKEU_LANG или язык системы)</translation>
    </message>
    <message>
        <source>show help (for a command: tirkeu-cli COMMAND --help)</source>
        <translation>показать справку (по команде: tirkeu-cli COMMAND --help)</translation>
    </message>
    <message>
        <source>show the version</source>
        <translation>показать версию</translation>
    </message>
    <message>
        <source>Usage: tirkeu-cli [global options] COMMAND [options]</source>
        <translation>Использование: tirkeu-cli [общие параметры] COMMAND [параметры]</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>Команды:</translation>
    </message>
    <message>
        <source>Global options</source>
        <translation>Общие параметры</translation>
    </message>
    <message>
        <source>Exit codes: 0 success, 1 failure, 2 bad arguments, 3 invalid input, 4 not permitted, 5 not found, 6 wrong state, 7 register error, 8 integrity check failed, 9 key or certificate error, 10 file error, 11 busy (another run holds the lock).</source>
        <translation>Коды выхода: 0 — успешно, 1 — ошибка, 2 — неверные аргументы, 3 — недопустимые данные, 4 — нет прав, 5 — не найдено, 6 — недопустимое состояние, 7 — ошибка реестра, 8 — нарушена целостность, 9 — ошибка ключа или регистрационного свидетельства, 10 — ошибка файла, 11 — занято (блокировку удерживает другой запуск).</translation>
    </message>
    <message>
        <source>Usage: tirkeu-cli %1 [options]</source>
        <translation>Использование: tirkeu-cli %1 [параметры]</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Параметры</translation>
    </message>
    <message>
        <source>tirkeu-cli: error: %1</source>
        <translation>tirkeu-cli: ошибка: %1</translation>
    </message>
    <message>
        <source>Unknown language %1: use kk, ru or en.</source>
        <translation>Неизвестный язык %1: укажите kk, ru или en.</translation>
    </message>
    <message>
        <source>Unknown command: %1. See tirkeu-cli --help.</source>
        <translation>Неизвестная команда: %1. См. tirkeu-cli --help.</translation>
    </message>
    <message>
        <source>%1 (see tirkeu-cli %2 --help)</source>
        <translation>%1 (см. tirkeu-cli %2 --help)</translation>
    </message>
    <message>
        <source>file whose first line is the register (a PostgreSQL address with its password stays out of the process list; refused when other users can read it)</source>
        <translation>файл, первая строка которого — реестр (адрес PostgreSQL с паролем не попадает в список процессов; отклоняется, если его могут читать другие пользователи)</translation>
    </message>
    <message>
        <source>Give the register either with --db or with --db-file, not both.</source>
        <translation>Укажите реестр либо через --db, либо через --db-file, но не оба сразу.</translation>
    </message>
    <message>
        <source>register</source>
        <translation>реестр</translation>
    </message>
    <message>
        <source>The file %1 names no register on its first line.</source>
        <translation>В первой строке файла %1 не указан реестр.</translation>
    </message>
    <message>
        <source>Warning: the register address given with --db holds a password, which every user of this computer can read in the process list; give it with --db-file FILE (a file only you can read), in $TIRKEU_DB, or keep the password in ~/.pgpass.</source>
        <translation>Предупреждение: адрес реестра, заданный в --db, содержит пароль, который любой пользователь этого компьютера может прочитать в списке процессов; укажите его через --db-file FILE (файл, который читаете только вы), в $TIRKEU_DB или храните пароль в ~/.pgpass.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CliContext</name>
    <message>
        <source>No %1 given: use a file option or set %2.</source>
        <translation>Не указано: %1. Задайте файл соответствующим параметром или переменную %2.</translation>
    </message>
    <message>
        <source>This command needs an operator: add --as LOGIN and --password-file FILE (or set TIRKEU_PASSWORD).</source>
        <translation>Для этой команды нужен оператор: добавьте --as LOGIN и --password-file FILE (или задайте TIRKEU_PASSWORD).</translation>
    </message>
    <message>
        <source>password</source>
        <translation>пароль</translation>
    </message>
    <message>
        <source>tirkeu-cli: error: %1</source>
        <translation>tirkeu-cli: ошибка: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CrlPublishCommand</name>
    <message>
        <source>Publish a CA&apos;s full or delta CRL into a folder (unattended: passphrase from a file)</source>
        <translation>Опубликовать полный СОРС или дельта-СОРС УЦ в папку (без участия оператора: парольная фраза из файла)</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>код УЦ</translation>
    </message>
    <message>
        <source>folder the web server publishes from</source>
        <translation>папка, из которой публикует веб-сервер</translation>
    </message>
    <message>
        <source>Delta CRL %1 (base %2) of %3: %4 entries, %5 bytes, next update %6.</source>
        <translation>Дельта-СОРС № %1 (базовый № %2) УЦ %3: записей — %4, размер — %5 байт, следующее обновление — %6.</translation>
    </message>
    <message>
        <source>CRL %1 of %2: %3 entries, %4 bytes, next update %5.</source>
        <translation>СОРС № %1 УЦ %2: записей — %3, размер — %4 байт, следующее обновление — %5.</translation>
    </message>
    <message>
        <source>confirm that DIR is new to a CA that has published its CRLs elsewhere (recorded); without it such a folder is refused, so a register put back from an older copy cannot repeat a CRL number</source>
        <translation>подтвердить, что DIR — новая папка для УЦ, публиковавшего СОРС в другом месте (записывается); без этого такая папка отклоняется, чтобы реестр, возвращённый из старой копии, не повторил номер СОРС</translation>
    </message>
    <message>
        <source>a delta CRL against the last full CRL (refused for a CA with partitioned CRLs)</source>
        <translation>дельта-СОРС относительно последнего полного СОРС (не принимается для УЦ с секционированными СОРС)</translation>
    </message>
    <message>
        <source>Partition %1 (%2): CRL %3, %4 entries, %5 bytes: %6</source>
        <translation>Секция %1 (%2): СОРС %3, записей %4, %5 байт: %6</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Предупреждение: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CrlStatusCommand</name>
    <message>
        <source>Show a CA&apos;s last full and delta CRL and the publications it owes (key compromises not yet in a published CRL)</source>
        <translation>Показать последние полный и дельта-СОРС УЦ и публикации, которые он задолжал (компрометации ключей, ещё не вошедшие в опубликованный СОРС)</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>код УЦ</translation>
    </message>
    <message>
        <source>%1: none published</source>
        <translation>%1: не опубликован</translation>
    </message>
    <message>
        <source>%1: number %2, %3 entries, this update %4, next update %5 (%6)</source>
        <translation>%1: номер %2, записей — %3, дата выпуска %4, следующее обновление %5 (%6)</translation>
    </message>
    <message>
        <source>Full CRL</source>
        <translation>Полный СОРС</translation>
    </message>
    <message>
        <source>Delta CRL</source>
        <translation>Дельта-СОРС</translation>
    </message>
    <message>
        <source>Nothing owed: every key compromise is in a published CRL.</source>
        <translation>Долгов нет: каждая компрометация ключа есть в опубликованном СОРС.</translation>
    </message>
    <message>
        <source>Owed: %1 key compromise(s) not yet in a published CRL; publish now (tirkeu-cli crl publish --ca %2 --delta --out %3):</source>
        <translation>Задолженность: компрометаций ключа, ещё не вошедших в опубликованный СОРС, — %1; опубликуйте сейчас (tirkeu-cli crl publish --ca %2 --delta --out %3):</translation>
    </message>
    <message>
        <source>Pending: CRL number %1 was written but not marked published (%2, since %3); the next crl publish --out %2 finishes it.</source>
        <translation>Не завершено: СОРС № %1 записан, но не отмечен как опубликованный (%2, с %3); следующий crl publish --out %2 завершит его публикацию.</translation>
    </message>
    <message>
        <source>Pending: CRL number %1 was reserved but not written (%2, since %3); the next crl publish --out %2 abandons it.</source>
        <translation>Не завершено: номер СОРС %1 зарезервирован, но СОРС не записан (%2, с %3); следующий crl publish --out %2 отменит его.</translation>
    </message>
    <message>
        <source>Owed: %1 key compromise(s) not yet in a published CRL. The CA %2 has no publish folder (publish_dir), so no CRL is published after a key compromise: publish now (tirkeu-cli crl publish --ca %2 --out FOLDER), or set one (tirkeu-cli ca set --code %2 publish_dir=FOLDER):</source>
        <translation>Долг: компрометаций ключа, ещё не включённых в опубликованный СОРС: %1. У УЦ %2 нет папки публикации (publish_dir), поэтому после компрометации ключа СОРС не публикуется: опубликуйте сейчас (tirkeu-cli crl publish --ca %2 --out FOLDER) или задайте папку (tirkeu-cli ca set --code %2 publish_dir=FOLDER):</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::DbBackupCommand</name>
    <message>
        <source>Back up the register to a file (SQLite: online copy; PostgreSQL: pg_dump)</source>
        <translation>Создать резервную копию реестра в файле (SQLite: копирование без остановки; PostgreSQL: pg_dump)</translation>
    </message>
    <message>
        <source>the backup file to write (must not exist)</source>
        <translation>файл резервной копии (не должен существовать)</translation>
    </message>
    <message>
        <source>Name the backup file with --out FILE.</source>
        <translation>Укажите файл резервной копии параметром --out FILE.</translation>
    </message>
    <message>
        <source>Backup written: %1 (%2 bytes, %3)</source>
        <translation>Резервная копия записана: %1 (размер — %2 байт, %3)</translation>
    </message>
    <message>
        <source>Command run: %1</source>
        <translation>Выполнена команда: %1</translation>
    </message>
    <message>
        <source>Only an administrator may %1: add --as LOGIN and --password-file FILE (or set TIRKEU_PASSWORD).</source>
        <translation>Только администратор может %1: добавьте --as LOGIN и --password-file FILE (или задайте TIRKEU_PASSWORD).</translation>
    </message>
    <message>
        <source>password</source>
        <translation>пароль</translation>
    </message>
    <message>
        <source>back up the register</source>
        <translation>создать резервную копию реестра</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::DbInfoCommand</name>
    <message>
        <source>Show the register&apos;s location, schema version and contents</source>
        <translation>Показать расположение реестра, версию схемы и содержимое</translation>
    </message>
    <message>
        <source>Register:        %1</source>
        <translation>Реестр:             %1</translation>
    </message>
    <message>
        <source>Register id:     %1</source>
        <translation>ID реестра:         %1</translation>
    </message>
    <message>
        <source>Schema version:  %1 (this program: %2)</source>
        <translation>Версия схемы:       %1 (эта программа: %2)</translation>
    </message>
    <message>
        <source>Created:         %1</source>
        <translation>Создан:             %1</translation>
    </message>
    <message>
        <source>Operators:       %1</source>
        <translation>Операторов:         %1</translation>
    </message>
    <message>
        <source>CAs:             %1</source>
        <translation>УЦ:                 %1</translation>
    </message>
    <message>
        <source>Applications:    %1</source>
        <translation>Заявлений:          %1</translation>
    </message>
    <message>
        <source>Certificates:    %1</source>
        <translation>Рег. свидетельств:  %1</translation>
    </message>
    <message>
        <source>Revocations:     %1</source>
        <translation>Отзывов:            %1</translation>
    </message>
    <message>
        <source>Audit events:    %1</source>
        <translation>Записей в журнале:  %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::DbInitCommand</name>
    <message>
        <source>Create the register (or upgrade its schema) and, with --admin, its first administrator</source>
        <translation>Создать реестр (или обновить его схему) и, с --admin, первого администратора</translation>
    </message>
    <message>
        <source>login of the first administrator (only for a register without operators)</source>
        <translation>логин первого администратора (только для реестра без операторов)</translation>
    </message>
    <message>
        <source>full name of the first administrator</source>
        <translation>ФИО первого администратора</translation>
    </message>
    <message>
        <source>file whose first line is the new administrator&apos;s password (else $TIRKEU_ADMIN_PASSWORD)</source>
        <translation>файл, первая строка которого — пароль нового администратора (иначе $TIRKEU_ADMIN_PASSWORD)</translation>
    </message>
    <message>
        <source>The register already has operators; add accounts with tirkeu-cli operator add.</source>
        <translation>В реестре уже есть операторы; учётные записи добавляются командой tirkeu-cli operator add.</translation>
    </message>
    <message>
        <source>administrator password</source>
        <translation>пароль администратора</translation>
    </message>
    <message>
        <source>Register ready: %1 (schema version %2)</source>
        <translation>Реестр готов: %1 (версия схемы %2)</translation>
    </message>
    <message>
        <source>First administrator created: %1</source>
        <translation>Создан первый администратор: %1</translation>
    </message>
    <message>
        <source>The register has no operators yet: run db init --admin LOGIN to create the first administrator, or start tirkeu.</source>
        <translation>В реестре ещё нет операторов: выполните db init --admin LOGIN, чтобы создать первого администратора, или запустите tirkeu.</translation>
    </message>
    <message>
        <source>PostgreSQL: the role the programs connect as; db init (run as the schema owner) grants it only what the workflows need</source>
        <translation>PostgreSQL: роль, под которой подключаются программы; db init (запускается владельцем схемы) выдаёт ей только то, что нужно для работы</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::DbMigrateCommand</name>
    <message>
        <source>Move a whole register into an empty one (e.g. from SQLite to PostgreSQL)</source>
        <translation>Перенести весь реестр в пустой реестр (например, из SQLite в PostgreSQL)</translation>
    </message>
    <message>
        <source>the register to copy (sqlite:PATH or postgresql://...)</source>
        <translation>копируемый реестр (sqlite:PATH или postgresql://...)</translation>
    </message>
    <message>
        <source>the empty register to fill (created/upgraded first)</source>
        <translation>пустой реестр для заполнения (предварительно создаётся или обновляется)</translation>
    </message>
    <message>
        <source>Name both registers: --from LOCATION --to LOCATION.</source>
        <translation>Укажите оба реестра: --from LOCATION --to LOCATION.</translation>
    </message>
    <message>
        <source>Copied %1 rows from %2 to %3; row counts and audit chain verified (%4 events).</source>
        <translation>Скопировано строк: %1, из %2 в %3; число строк и хеш-цепочка журнала событий проверены (событий: %4).</translation>
    </message>
    <message>
        <source>move a register</source>
        <translation>перенести реестр</translation>
    </message>
    <message>
        <source>The register %1 is now read only (it refuses every write, naming the new location): use %2 on every workstation, in TIRKEU_DB, the CRL job and the OCSP responder.</source>
        <translation>Реестр %1 теперь только для чтения (отклоняет любую запись, называя новое место): используйте %2 на каждом рабочем месте, в TIRKEU_DB, задании СОРС и OCSP-ответчике.</translation>
    </message>
    <message>
        <source>The move of %1 to %2, stopped after %1 was retired, is finished: %2 takes writes now. Use %2 on every workstation, in TIRKEU_DB, the CRL job and the OCSP responder.</source>
        <translation>Перенос %1 в %2, остановленный после вывода %1 из работы, завершён: теперь %2 принимает записи. Используйте %2 на всех рабочих местах, в TIRKEU_DB, в задании СОРС и в OCSP-ответчике.</translation>
    </message>
    <message>
        <source>Warning: the register address given with %1 holds a password, which every user of this computer can read in the process list; keep the password in ~/.pgpass or give it in $PGPASSWORD.</source>
        <translation>Предупреждение: адрес реестра, заданный в %1, содержит пароль, который любой пользователь этого компьютера может прочитать в списке процессов; храните пароль в ~/.pgpass или укажите его в $PGPASSWORD.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::DbRestoreCommand</name>
    <message>
        <source>Restore a backup into the register named by --db (which must be empty)</source>
        <translation>Восстановить резервную копию в реестр, указанный в --db (он должен быть пустым)</translation>
    </message>
    <message>
        <source>the backup file (SQLite backup, or pg_dump file for PostgreSQL)</source>
        <translation>файл резервной копии (копия SQLite или файл pg_dump для PostgreSQL)</translation>
    </message>
    <message>
        <source>overwrite a SQLite register that is not empty</source>
        <translation>перезаписать непустой реестр SQLite</translation>
    </message>
    <message>
        <source>Name the backup file with --from FILE.</source>
        <translation>Укажите файл резервной копии параметром --from FILE.</translation>
    </message>
    <message>
        <source>Restored %1 rows into %2 (%3); audit chain verified (%4 events).</source>
        <translation>Восстановлено строк: %1, в %2 (%3); хеш-цепочка журнала событий проверена (событий: %4).</translation>
    </message>
    <message>
        <source>why the rollback is accepted (required with --accept-rollback)</source>
        <translation>почему откат принимается (обязательно с --accept-rollback)</translation>
    </message>
    <message>
        <source>restore a register</source>
        <translation>восстановить реестр</translation>
    </message>
    <message>
        <source>Rollback accepted and recorded; CRL numbers continue above the highest ever published.</source>
        <translation>Откат принят и записан; номера СОРС продолжаются выше наибольшего когда-либо опубликованного.</translation>
    </message>
    <message>
        <source>The replaced register is kept as %1, with the register&apos;s mode and never readable by other users.</source>
        <translation>Заменённый реестр сохранён как %1: с правами доступа реестра, другие пользователи никогда не могут его читать.</translation>
    </message>
    <message>
        <source>restore even though the register has published newer CRLs or audit anchors, or has revocations or certificates the backup lacks (recorded with --reason)</source>
        <translation>восстановить, даже если реестр опубликовал более новые СОРС или якоря аудита либо содержит отзывы или сертификаты, которых нет в резервной копии (записывается с --reason)</translation>
    </message>
    <message>
        <source>Revocations taken back by the restore (OCSP may have answered them as revoked): revoke these certificates again now.</source>
        <translation>Отзывы, отменённые восстановлением (OCSP мог уже ответить, что они отозваны): немедленно отзовите эти сертификаты снова.</translation>
    </message>
    <message>
        <source>  CA %1, serial %2: %3, revoked at %4</source>
        <translation>  УЦ %1, серийный номер %2: %3, отозван %4</translation>
    </message>
    <message>
        <source>Certificates issued after the backup, which the restored register does not know (OCSP answers &quot;unknown&quot; for them; their holders still have them):</source>
        <translation>Сертификаты, выпущенные после резервной копии, которых восстановленный реестр не знает (OCSP отвечает для них «unknown»; они остаются у владельцев):</translation>
    </message>
    <message>
        <source>  CA %1, serial %2</source>
        <translation>  УЦ %1, серийный номер %2</translation>
    </message>
    <message>
        <source>Removed %1: the private copy of a backup that a db restore stopped before its end had left (its process no longer runs).</source>
        <translation>Удалено %1: частная копия резервной копии, оставленная прерванным db restore (его процесс больше не работает).</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::DraftActionCommand</name>
    <message>
        <source>Register one of your drafts as an application (checked as any application)</source>
        <translation>Зарегистрировать один из своих черновиков как заявление (проверяется как любое заявление)</translation>
    </message>
    <message>
        <source>Delete one of your drafts</source>
        <translation>Удалить один из своих черновиков</translation>
    </message>
    <message>
        <source>draft number</source>
        <translation>номер черновика</translation>
    </message>
    <message>
        <source>A draft number is a positive whole number: %1</source>
        <translation>Номер черновика — целое положительное число: %1</translation>
    </message>
    <message>
        <source>Draft %1 deleted.</source>
        <translation>Черновик %1 удалён.</translation>
    </message>
    <message>
        <source>Draft %1 registered as application %2.</source>
        <translation>Черновик %1 зарегистрирован как заявление № %2.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::DraftListCommand</name>
    <message numerus="yes">
        <source>List your drafts: applications typed and not registered yet (kept %n day(s) after the last change)</source>
        <translation>
            <numerusform>Список ваших черновиков: набранные и ещё не зарегистрированные заявления (хранятся %n день после последнего изменения)</numerusform>
            <numerusform>Список ваших черновиков: набранные и ещё не зарегистрированные заявления (хранятся %n дня после последнего изменения)</numerusform>
            <numerusform>Список ваших черновиков: набранные и ещё не зарегистрированные заявления (хранятся %n дней после последнего изменения)</numerusform>
        </translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Черновик</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Изменён</translation>
    </message>
    <message>
        <source>CA</source>
        <translation>УЦ</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Форма</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Заявитель</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::FormListCommand</name>
    <message>
        <source>List the official forms</source>
        <translation>Список официальных форм</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Форма</translation>
    </message>
    <message>
        <source>CA kind</source>
        <translation>Вид УЦ</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Название</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::FormPrintCommand</name>
    <message>
        <source>Print the filled-in form of an application (PDF) for the applicant&apos;s signature</source>
        <translation>Напечатать заполненную форму заявления (PDF) для подписи заявителем</translation>
    </message>
    <message>
        <source>application number</source>
        <translation>номер заявления</translation>
    </message>
    <message>
        <source>output file</source>
        <translation>выходной файл</translation>
    </message>
    <message>
        <source>An application number is a positive whole number: %1</source>
        <translation>Номер заявления — целое положительное число: %1</translation>
    </message>
    <message>
        <source>Application %1 printed to %2.</source>
        <translation>Печатная форма заявления %1 записана в %2.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::FormShowCommand</name>
    <message>
        <source>Show a form&apos;s fields: the JSON keys of application submit --data</source>
        <translation>Показать поля формы: ключи JSON для application submit --data</translation>
    </message>
    <message>
        <source>form code, e.g. NCA-ISSUE-IND</source>
        <translation>код формы, например NCA-ISSUE-IND</translation>
    </message>
    <message>
        <source>Unknown form %1. Known forms: %2</source>
        <translation>Неизвестная форма %1. Известные формы: %2</translation>
    </message>
    <message>
        <source>Field id</source>
        <translation>Идентификатор поля</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Обязательное</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Each entry of &quot;persons&quot;:</source>
        <translation>Каждый элемент «persons»:</translation>
    </message>
    <message>
        <source>Attachments (--attachments):</source>
        <translation>Приложения (--attachments):</translation>
    </message>
    <message>
        <source> (optional)</source>
        <translation> (необязательно)</translation>
    </message>
    <message>
        <source>Consent to personal-data processing must be recorded (--consent).</source>
        <translation>Необходимо зафиксировать согласие на обработку персональных данных (--consent).</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::FormTemplateCommand</name>
    <message>
        <source>Write the fillable PDF template of a form (fields named after the form&apos;s field ids)</source>
        <translation>Записать заполняемый шаблон PDF формы (имена полей совпадают с идентификаторами полей формы)</translation>
    </message>
    <message>
        <source>form code, e.g. NCA-ISSUE-IND</source>
        <translation>код формы, например NCA-ISSUE-IND</translation>
    </message>
    <message>
        <source>GOV letters: how many personal attachments (1 to 20)</source>
        <translation>для писем GOV: число персональных приложений (от 1 до 20)</translation>
    </message>
    <message>
        <source>output file</source>
        <translation>выходной файл</translation>
    </message>
    <message>
        <source>Unknown form %1. Known forms: %2</source>
        <translation>Неизвестная форма %1. Известные формы: %2</translation>
    </message>
    <message>
        <source>Template of %1 written to %2.</source>
        <translation>Шаблон формы %1 записан в %2.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::ManPage</name>
    <message>
        <source>Tirkeu manual</source>
        <translation>Руководство Tirkeu</translation>
    </message>
    <message>
        <source>command line of the Tirkeu certification authority back office</source>
        <translation>командная строка системы учёта удостоверяющего центра Tirkeu</translation>
    </message>
    <message>
        <source>global options</source>
        <translation>общие параметры</translation>
    </message>
    <message>
        <source>COMMAND</source>
        <translation>COMMAND</translation>
    </message>
    <message>
        <source>options</source>
        <translation>параметры</translation>
    </message>
    <message>
        <source>tirkeu-cli works on the same register and under the same rules as the desktop program tirkeu: operators, CAs, applications on the official forms, certificates, revocations, CRLs, the audit chain and retention. Commands that change the register need an operator account (--as and --password-file). Errors go to standard error; --json gives machine-readable output.</source>
        <translation>tirkeu-cli работает с тем же реестром и по тем же правилам, что и настольная программа tirkeu: операторы, УЦ, заявления по официальным формам, регистрационные свидетельства, отзывы, СОРС, хеш-цепочка журнала событий и сроки хранения. Командам, изменяющим реестр, нужна учётная запись оператора (--as и --password-file). Ошибки выводятся в стандартный поток ошибок; --json включает машиночитаемый вывод.</translation>
    </message>
    <message>
        <source>GLOBAL OPTIONS</source>
        <translation>ОБЩИЕ ПАРАМЕТРЫ</translation>
    </message>
    <message>
        <source>COMMANDS</source>
        <translation>КОМАНДЫ</translation>
    </message>
    <message>
        <source>EXIT STATUS</source>
        <translation>КОДЫ ВЫХОДА</translation>
    </message>
    <message>
        <source>ENVIRONMENT</source>
        <translation>ПЕРЕМЕННЫЕ ОКРУЖЕНИЯ</translation>
    </message>
    <message>
        <source>the register when --db is not given</source>
        <translation>реестр, если не указан --db</translation>
    </message>
    <message>
        <source>the operator&apos;s password when --password-file is not given</source>
        <translation>пароль оператора, если не указан --password-file</translation>
    </message>
    <message>
        <source>the new account&apos;s password for operator add</source>
        <translation>пароль новой учётной записи для operator add</translation>
    </message>
    <message>
        <source>the CA key passphrase when no passphrase file is given</source>
        <translation>парольная фраза ключа УЦ, если не указан файл парольной фразы</translation>
    </message>
    <message>
        <source>the language of messages (kk, ru or en) when --lang is not given</source>
        <translation>язык сообщений (kk, ru или en), если не указан --lang</translation>
    </message>
    <message>
        <source>FILES</source>
        <translation>ФАЙЛЫ</translation>
    </message>
    <message>
        <source>settings of the scheduled CRL job (register, CAs, output folder, operator)</source>
        <translation>параметры задания публикации СОРС по расписанию (реестр, УЦ, выходная папка, оператор)</translation>
    </message>
    <message>
        <source>the CRL job run by the tirkeu-crl@.service unit and /etc/cron.d/tirkeu</source>
        <translation>задание публикации СОРС, запускаемое службой tirkeu-crl@.service и /etc/cron.d/tirkeu</translation>
    </message>
    <message>
        <source>SEE ALSO</source>
        <translation>СМ. ТАКЖЕ</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::NotifyListCommand</name>
    <message>
        <source>List the notices to holders (revocation notices, expiry reminders), newest first</source>
        <translation>Список уведомлений владельцам (уведомления об отзыве, напоминания об истечении срока), сначала новые</translation>
    </message>
    <message>
        <source>only notices in this state</source>
        <translation>только уведомления в этом состоянии</translation>
    </message>
    <message>
        <source>at most this many notices</source>
        <translation>не более стольких уведомлений</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>Серийный номер</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Кому</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Попытки</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Последняя ошибка</translation>
    </message>
    <message>
        <source>expiry reminder</source>
        <translation>напоминание об истечении срока</translation>
    </message>
    <message>
        <source>revocation notice</source>
        <translation>уведомление об отзыве</translation>
    </message>
    <message>
        <source>sent %1</source>
        <translation>отправлено %1</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>не отправлено</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>в очереди</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::NotifyQueueExpiringCommand</name>
    <message>
        <source>Queue an expiry reminder for every valid certificate that ends within N days and has none yet</source>
        <translation>Поставить в очередь напоминание для каждого действующего свидетельства, срок которого истекает в течение N дней и у которого его ещё нет</translation>
    </message>
    <message>
        <source>certificates that end within this many days</source>
        <translation>свидетельства, срок которых истекает в течение стольких дней</translation>
    </message>
    <message numerus="yes">
        <source>%n expiry reminder(s) queued.</source>
        <translation>
            <numerusform>Поставлено в очередь напоминаний об истечении срока: %n.</numerusform>
            <numerusform>Поставлено в очередь напоминаний об истечении срока: %n.</numerusform>
            <numerusform>Поставлено в очередь напоминаний об истечении срока: %n.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::NotifySendCommand</name>
    <message>
        <source>Send the queued notices that are due by e-mail (SMTP); failures are retried later</source>
        <translation>Отправить по электронной почте (SMTP) уведомления из очереди, срок которых наступил; неудачные повторяются позже</translation>
    </message>
    <message>
        <source>the mail server: smtp://HOST:PORT (STARTTLS when offered) or smtps://HOST:PORT</source>
        <translation>почтовый сервер: smtp://HOST:PORT (STARTTLS, если предложен) или smtps://HOST:PORT</translation>
    </message>
    <message>
        <source>the sender address of the notices</source>
        <translation>адрес отправителя уведомлений</translation>
    </message>
    <message>
        <source>SMTP login (then TLS is required)</source>
        <translation>логин SMTP (тогда TLS обязателен)</translation>
    </message>
    <message>
        <source>file whose first line is the SMTP password</source>
        <translation>файл, первая строка которого — пароль SMTP</translation>
    </message>
    <message>
        <source>give a notice up after this many failed attempts</source>
        <translation>прекратить попытки после стольких неудачных</translation>
    </message>
    <message>
        <source>--smtp-user needs --smtp-password-file FILE.</source>
        <translation>Для --smtp-user нужен --smtp-password-file FILE.</translation>
    </message>
    <message>
        <source>SMTP password</source>
        <translation>пароль SMTP</translation>
    </message>
    <message>
        <source>Notices sent: %1; to retry later: %2; given up: %3.</source>
        <translation>Отправлено уведомлений: %1; повторить позже: %2; прекращено: %3.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::OcspInitSignerCommand</name>
    <message>
        <source>Issue a CA&apos;s delegated OCSP signing certificate for tirkeu-ocsp (officers and administrators)</source>
        <translation>Выпустить делегированное регистрационное свидетельство подписи OCSP УЦ для tirkeu-ocsp (сотрудники УЦ и администраторы)</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>код УЦ</translation>
    </message>
    <message>
        <source>new file for the signer&apos;s key (encrypted PKCS#8, never overwritten)</source>
        <translation>новый файл для ключа подписанта (зашифрованный PKCS#8, никогда не перезаписывается)</translation>
    </message>
    <message>
        <source>algorithm of the new key: p256, p384, rsa2048, rsa3072, rsa4096</source>
        <translation>алгоритм нового ключа: p256, p384, rsa2048, rsa3072, rsa4096</translation>
    </message>
    <message>
        <source>file whose first line is the new key&apos;s passphrase (else $TIRKEU_OCSP_PASSPHRASE)</source>
        <translation>файл, первая строка которого — парольная фраза нового ключа (иначе $TIRKEU_OCSP_PASSPHRASE)</translation>
    </message>
    <message>
        <source>instead of --key-out: an existing key (pkcs11:token=…;object=… or an encrypted key file)</source>
        <translation>вместо --key-out: существующий ключ (pkcs11:token=…;object=… или зашифрованный файл ключа)</translation>
    </message>
    <message>
        <source>with --key-uri: file whose first line is the token PIN or key passphrase</source>
        <translation>с --key-uri: файл, первая строка которого — PIN токена или парольная фраза ключа</translation>
    </message>
    <message>
        <source>also write the certificate (PEM) to this new file</source>
        <translation>также записать регистрационное свидетельство (PEM) в этот новый файл</translation>
    </message>
    <message>
        <source>validity of the certificate in days</source>
        <translation>срок действия регистрационного свидетельства в днях</translation>
    </message>
    <message>
        <source>Give either --key-out FILE (a new key) or --key-uri URI (an existing key).</source>
        <translation>Укажите либо --key-out FILE (новый ключ), либо --key-uri URI (существующий ключ).</translation>
    </message>
    <message>
        <source>--key-uri needs --pin-file FILE.</source>
        <translation>Для --key-uri нужен --pin-file FILE.</translation>
    </message>
    <message>
        <source>OCSP signing key passphrase</source>
        <translation>Парольная фраза ключа подписи OCSP</translation>
    </message>
    <message>
        <source>OCSP signing certificate %1 of CA %2 issued, valid until %3; key %4 (SHA-256 %5).</source>
        <translation>Регистрационное свидетельство подписи OCSP %1 УЦ %2 выпущено, действительно до %3; ключ %4 (SHA-256 %5).</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::OcspRenewSignerCommand</name>
    <message>
        <source>Renew a CA&apos;s OCSP signing certificate when it expires soon (scheduled job; officers and administrators)</source>
        <translation>Обновить регистрационное свидетельство подписи OCSP УЦ, если срок его действия скоро истекает (плановое задание; сотрудники УЦ и администраторы)</translation>
    </message>
    <message>
        <source>CA code</source>
        <translation>код УЦ</translation>
    </message>
    <message>
        <source>renew when the current certificate expires within N days</source>
        <translation>обновить, если срок действия текущего свидетельства истекает в течение N дней</translation>
    </message>
    <message>
        <source>validity of the new certificate in days</source>
        <translation>срок действия нового регистрационного свидетельства в днях</translation>
    </message>
    <message>
        <source>renew now, whatever the expiry</source>
        <translation>обновить сейчас, независимо от срока действия</translation>
    </message>
    <message>
        <source>OCSP signing certificate %1 of CA %2 issued, valid until %3.</source>
        <translation>Регистрационное свидетельство подписи OCSP %1 УЦ %2 выпущено, действительно до %3.</translation>
    </message>
    <message>
        <source>The OCSP signing certificate %1 of CA %2 is valid until %3; not renewed yet.</source>
        <translation>Регистрационное свидетельство подписи OCSP %1 УЦ %2 действительно до %3; обновление пока не требуется.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::OperatorAddCommand</name>
    <message>
        <source>Add an operator account (administrators)</source>
        <translation>Добавить учётную запись оператора (администраторы)</translation>
    </message>
    <message>
        <source>new login</source>
        <translation>новый логин</translation>
    </message>
    <message>
        <source>full name</source>
        <translation>ФИО</translation>
    </message>
    <message>
        <source>operator, officer, auditor or administrator</source>
        <translation>operator, officer, auditor или administrator</translation>
    </message>
    <message>
        <source>file whose first line is the new operator&apos;s password (else $TIRKEU_NEW_PASSWORD)</source>
        <translation>файл, первая строка которого — пароль нового оператора (иначе $TIRKEU_NEW_PASSWORD)</translation>
    </message>
    <message>
        <source>Unknown role %1: use operator, officer, auditor or administrator.</source>
        <translation>Неизвестная роль %1: укажите operator, officer, auditor или administrator.</translation>
    </message>
    <message>
        <source>new password</source>
        <translation>новый пароль</translation>
    </message>
    <message>
        <source>Operator %1 added (%2).</source>
        <translation>Оператор %1 добавлен (%2).</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::OperatorDisableCommand</name>
    <message>
        <source>Disable an operator account (it is never deleted)</source>
        <translation>Отключить учётную запись оператора (она не удаляется)</translation>
    </message>
    <message>
        <source>login to disable</source>
        <translation>логин отключаемой учётной записи</translation>
    </message>
    <message>
        <source>Operator %1 disabled.</source>
        <translation>Учётная запись оператора %1 отключена.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::OperatorListCommand</name>
    <message>
        <source>List operator accounts</source>
        <translation>Список учётных записей операторов</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Логин</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>ФИО</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Активна</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Заблокирован</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::OperatorLockoutCommand</name>
    <message>
        <source>Show or set after how many failed sign-ins a login is locked</source>
        <translation>Показать или задать, после скольких неудачных входов логин блокируется</translation>
    </message>
    <message>
        <source>lock a login after N failed sign-ins in a row (3 to 100; administrators)</source>
        <translation>блокировать логин после N неудачных входов подряд (от 3 до 100; администраторы)</translation>
    </message>
    <message>
        <source>A login is locked after %1 failed sign-ins in a row.</source>
        <translation>Логин блокируется после %1 неудачных входов подряд.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::OperatorUnlockCommand</name>
    <message>
        <source>Unlock a login after failed sign-ins (administrators)</source>
        <translation>Разблокировать логин после неудачных входов (администраторы)</translation>
    </message>
    <message>
        <source>login to unlock</source>
        <translation>логин для разблокировки</translation>
    </message>
    <message>
        <source>Login %1 unlocked.</source>
        <translation>Логин %1 разблокирован.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::ReportCommand</name>
    <message>
        <source>Not a date (YYYY-MM-DD or DD.MM.YYYY): %1</source>
        <translation>Дата должна быть в формате YYYY-MM-DD или DD.MM.YYYY: %1</translation>
    </message>
    <message>
        <source>Print a register or journal as PDF or CSV: %1</source>
        <translation>Вывести реестр или журнал в PDF или CSV: %1</translation>
    </message>
    <message>
        <source>the report, e.g. issuance-journal</source>
        <translation>отчёт, например issuance-journal</translation>
    </message>
    <message>
        <source>CA code (every report except audit-anchors)</source>
        <translation>код УЦ (для всех отчётов, кроме audit-anchors)</translation>
    </message>
    <message>
        <source>first day of the period (YYYY-MM-DD or DD.MM.YYYY)</source>
        <translation>первый день периода (YYYY-MM-DD или DD.MM.YYYY)</translation>
    </message>
    <message>
        <source>last day of the period (default: today)</source>
        <translation>последний день периода (по умолчанию — сегодня)</translation>
    </message>
    <message>
        <source>expiring: certificates that expire within this many days</source>
        <translation>expiring: регистрационные свидетельства, срок действия которых истекает в течение указанного числа дней</translation>
    </message>
    <message>
        <source>output format</source>
        <translation>формат вывода</translation>
    </message>
    <message>
        <source>output file</source>
        <translation>выходной файл</translation>
    </message>
    <message>
        <source>Unknown report %1. Reports: %2</source>
        <translation>Неизвестный отчёт %1. Отчёты: %2</translation>
    </message>
    <message>
        <source>The format is pdf or csv: %1</source>
        <translation>Формат — pdf или csv: %1</translation>
    </message>
    <message>
        <source>The period ends before it starts.</source>
        <translation>Период заканчивается раньше, чем начинается.</translation>
    </message>
    <message>
        <source>The report %1 needs --ca CODE.</source>
        <translation>Для отчёта %1 нужен параметр --ca CODE.</translation>
    </message>
    <message>
        <source>%1 written to %2 (%3 rows).</source>
        <translation>%1: записано в %2 (строк: %3).</translation>
    </message>
    <message>
        <source>CSV: the field separator (default: &quot;;&quot; in Kazakh and Russian, &quot;,&quot; in English)</source>
        <translation>CSV: разделитель полей (по умолчанию &quot;;&quot; на казахском и русском, &quot;,&quot; на английском)</translation>
    </message>
    <message>
        <source>The CSV separator is &quot;;&quot; or &quot;,&quot;: %1</source>
        <translation>Разделитель CSV — &quot;;&quot; или &quot;,&quot;: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::RetentionSetCommand</name>
    <message>
        <source>Change the retention periods of a CA kind (administrators)</source>
        <translation>Изменить сроки хранения для вида УЦ (администраторы)</translation>
    </message>
    <message>
        <source>root, government or national</source>
        <translation>root, government или national</translation>
    </message>
    <message>
        <source>years records are kept after the certificate terminates</source>
        <translation>сколько лет хранятся записи после прекращения действия регистрационного свидетельства</translation>
    </message>
    <message>
        <source>years event logs are kept after the certificate expires</source>
        <translation>сколько лет хранятся журналы событий после истечения срока действия регистрационного свидетельства</translation>
    </message>
    <message>
        <source>Unknown CA kind %1: use root, government or national.</source>
        <translation>Неизвестный вид УЦ %1: укажите root, government или national.</translation>
    </message>
    <message>
        <source>Retention periods of %1 CAs changed.</source>
        <translation>Сроки хранения для УЦ вида %1 изменены.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::RetentionShowCommand</name>
    <message>
        <source>Show the retention periods per CA kind</source>
        <translation>Показать сроки хранения по видам УЦ</translation>
    </message>
    <message>
        <source>CA kind</source>
        <translation>Вид УЦ</translation>
    </message>
    <message>
        <source>Records: years after termination</source>
        <translation>Записи: лет после прекращения действия</translation>
    </message>
    <message>
        <source>Event log: years after expiry</source>
        <translation>Журнал событий: лет после истечения срока</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::RetentionSweepCommand</name>
    <message>
        <source>Move records whose retention has ended into a verified archive, then delete them (administrators)</source>
        <translation>Перенести записи с истёкшим сроком хранения в проверенный архив, затем удалить их (администраторы)</translation>
    </message>
    <message>
        <source>folder for the archive file and its manifest</source>
        <translation>папка для файла архива и его манифеста</translation>
    </message>
    <message>
        <source>only count what is due; change nothing</source>
        <translation>только подсчитать подлежащие записи, ничего не изменяя</translation>
    </message>
    <message>
        <source>Give --archive-dir DIR (or --dry-run).</source>
        <translation>Укажите --archive-dir DIR (или --dry-run).</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Записи</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Количество</translation>
    </message>
    <message>
        <source>Dry run: %1 records are due; nothing was changed.</source>
        <translation>Пробный запуск: подлежит архивированию записей — %1; ничего не изменено.</translation>
    </message>
    <message>
        <source>No record has reached the end of its retention period.</source>
        <translation>Нет записей с истёкшим сроком хранения.</translation>
    </message>
    <message>
        <source>%1 records archived to %2 (SHA-256 %3) and removed from the register.</source>
        <translation>Перенесено в архив %2 (SHA-256 %3) и удалено из реестра записей: %1.</translation>
    </message>
    <message>
        <source>The clock is more than a day after the register&apos;s newest event: records were swept only up to %1. Check the machine&apos;s clock.</source>
        <translation>Часы показывают время более чем на сутки позже последнего события реестра: записи удалены только по %1. Проверьте часы компьютера.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::RulesLoadCommand</name>
    <message>
        <source>Load a rules file: validated, stored in the register and audited (administrators)</source>
        <translation>Загрузить файл правил: он проверяется, сохраняется в реестре и фиксируется в журнале событий (администраторы)</translation>
    </message>
    <message>
        <source>the rules file (JSON, format tirkeu-rules)</source>
        <translation>файл правил (JSON, формат tirkeu-rules)</translation>
    </message>
    <message>
        <source>Rules file %1 loaded (SHA-256 %2); editions: %3.</source>
        <translation>Файл правил %1 загружен (SHA-256 %2); редакции: %3.</translation>
    </message>
    <message>
        <source>It takes effect on %1; until then the rules file %2 applies.</source>
        <translation>Он вступает в силу %1; до этого действует файл правил %2.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::RulesShowCommand</name>
    <message>
        <source>Show the legal rules in force (deadlines, retention, validity, attachments, refusal reasons)</source>
        <translation>Показать действующие нормативные правила (сроки, хранение, срок действия, приложения, основания для отказа)</translation>
    </message>
    <message>
        <source>the rules in force on this date (yyyy-MM-dd; default: today)</source>
        <translation>правила, действующие на эту дату (yyyy-MM-dd; по умолчанию — сегодня)</translation>
    </message>
    <message>
        <source>%1 is not a date: use yyyy-MM-dd.</source>
        <translation>%1 — не дата: используйте формат yyyy-MM-dd.</translation>
    </message>
    <message>
        <source>Rules file %1%2 (SHA-256 %3)</source>
        <translation>Файл правил %1%2 (SHA-256 %3)</translation>
    </message>
    <message>
        <source>, built in</source>
        <translation>, встроенный</translation>
    </message>
    <message>
        <source>, loaded by %1</source>
        <translation>, загрузил %1</translation>
    </message>
    <message>
        <source>Edition %1, in force from %2</source>
        <translation>Редакция %1, действует с %2</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>Сроки</translation>
    </message>
    <message>
        <source>Form or action</source>
        <translation>Форма или действие</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>Дней</translation>
    </message>
    <message>
        <source>Counted in</source>
        <translation>Исчисление</translation>
    </message>
    <message>
        <source>Clause</source>
        <translation>Пункт</translation>
    </message>
    <message>
        <source>working days</source>
        <translation>рабочие дни</translation>
    </message>
    <message>
        <source>calendar days</source>
        <translation>календарные дни</translation>
    </message>
    <message>
        <source>Retention minimums</source>
        <translation>Минимальные сроки хранения</translation>
    </message>
    <message>
        <source>CA kind</source>
        <translation>Вид УЦ</translation>
    </message>
    <message>
        <source>Records: years after termination</source>
        <translation>Записи: лет после прекращения действия</translation>
    </message>
    <message>
        <source>event log</source>
        <translation>журнал событий</translation>
    </message>
    <message>
        <source>Certificate validity (longest, years)</source>
        <translation>Срок действия регистрационного свидетельства (наибольший, лет)</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Форма</translation>
    </message>
    <message>
        <source>Key in a file</source>
        <translation>Ключ в файле</translation>
    </message>
    <message>
        <source>Key on a token</source>
        <translation>Ключ на токене</translation>
    </message>
    <message>
        <source>Required attachments</source>
        <translation>Обязательные приложения</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Приложения</translation>
    </message>
    <message>
        <source>Refusal reasons</source>
        <translation>Основания для отказа</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Основание</translation>
    </message>
    <message>
        <source>CA key backup: at least %1 of %2 shares (%3)</source>
        <translation>Резервная копия ключа УЦ: не менее %1 из %2 долей (%3)</translation>
    </message>
    <message>
        <source>gov.outside_csr_allowed: yes, the Government Bodies CA may issue from an outside request with a recorded reason (%1)</source>
        <translation>gov.outside_csr_allowed: да, УЦ государственных органов может выдавать по внешнему запросу с записанной причиной (%1)</translation>
    </message>
    <message>
        <source>gov.outside_csr_allowed: no, the Government Bodies CA issues only keys generated onto the key media (%1)</source>
        <translation>gov.outside_csr_allowed: нет, УЦ государственных органов выдаёт только на ключи, созданные на ключевом носителе (%1)</translation>
    </message>
    <message>
        <source>The rules file %1, loaded by %2, takes effect on %3; until then this file applies.</source>
        <translation>Файл правил %1, загруженный %2, вступает в силу %3; до этого действует этот файл.</translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::TodayCommand</name>
    <message>
        <source>What is due today for your role: overdue applications, revocations, CRLs, expiring certificates, anchors</source>
        <translation>Что нужно сделать сегодня для вашей роли: просроченные заявления, отзывы, СОРС, истекающие свидетельства, якоря</translation>
    </message>
    <message>
        <source>certificates expiring within N days (default 30)</source>
        <translation>свидетельства, истекающие в течение N дней (по умолчанию 30)</translation>
    </message>
    <message>
        <source>a CRL whose next update is within H hours is due (default 24)</source>
        <translation>СОРС, следующее обновление которого наступает в течение H часов, пора публиковать (по умолчанию 24)</translation>
    </message>
    <message>
        <source>the signed anchor folder: count the finished days not published there</source>
        <translation>папка подписанных якорей: посчитать завершённые дни, не опубликованные в ней</translation>
    </message>
    <message>
        <source>Today, %1 — %2 (%3)</source>
        <translation>Сегодня, %1 — %2 (%3)</translation>
    </message>
    <message>
        <source>Nothing is due.</source>
        <translation>Ничего не требуется.</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Что сделать</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Количество</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
</context>
<context>
    <name>tirkeu::forms::Identifiers</name>
    <message>
        <source>The BIN is empty.</source>
        <translation>БИН не указан.</translation>
    </message>
    <message>
        <source>The IIN is empty.</source>
        <translation>ИИН не указан.</translation>
    </message>
    <message>
        <source>A BIN must have exactly 12 digits.</source>
        <translation>БИН должен состоять ровно из 12 цифр.</translation>
    </message>
    <message>
        <source>An IIN must have exactly 12 digits.</source>
        <translation>ИИН должен состоять ровно из 12 цифр.</translation>
    </message>
    <message>
        <source>A BIN may contain only the digits 0-9.</source>
        <translation>БИН может содержать только цифры 0-9.</translation>
    </message>
    <message>
        <source>An IIN may contain only the digits 0-9.</source>
        <translation>ИИН может содержать только цифры 0-9.</translation>
    </message>
    <message>
        <source>The registration month in the BIN (digits 3-4) must be from 01 to 12.</source>
        <translation>Месяц регистрации в БИН (3-я и 4-я цифры) должен быть от 01 до 12.</translation>
    </message>
    <message>
        <source>The birth month in the IIN (digits 3-4) must be from 01 to 12.</source>
        <translation>Месяц рождения в ИИН (3-я и 4-я цифры) должен быть от 01 до 12.</translation>
    </message>
    <message>
        <source>The birth day in the IIN (digits 5-6) must be from 01 to 31.</source>
        <translation>День рождения в ИИН (5-я и 6-я цифры) должен быть от 01 до 31.</translation>
    </message>
    <message>
        <source>The type digit of the BIN (5th digit) must be 4, 5 or 6.</source>
        <translation>Признак типа в БИН (5-я цифра) должен быть 4, 5 или 6.</translation>
    </message>
    <message>
        <source>The unit digit of the BIN (6th digit) must be 0, 1, 2 or 3.</source>
        <translation>Признак подразделения в БИН (6-я цифра) должен быть 0, 1, 2 или 3.</translation>
    </message>
    <message>
        <source>The check digit of the BIN (last digit) does not match: look for a typing error.</source>
        <translation>Контрольный разряд БИН (последняя цифра) не совпадает: проверьте, нет ли опечатки.</translation>
    </message>
    <message>
        <source>The check digit of the IIN (last digit) does not match: look for a typing error.</source>
        <translation>Контрольный разряд ИИН (последняя цифра) не совпадает: проверьте, нет ли опечатки.</translation>
    </message>
    <message>
        <source>This number cannot be a BIN: no check digit exists for its first 11 digits.</source>
        <translation>Этот номер не может быть БИН: для его первых 11 цифр контрольный разряд не существует.</translation>
    </message>
    <message>
        <source>This number cannot be an IIN: no check digit exists for its first 11 digits.</source>
        <translation>Этот номер не может быть ИИН: для его первых 11 цифр контрольный разряд не существует.</translation>
    </message>
</context>
<context>
    <name>tirkeu::forms::StrictJson</name>
    <message>
        <source>not JSON: %1 (at character %2).</source>
        <translation>не JSON: %1 (символ %2).</translation>
    </message>
    <message>
        <source>the form data must be one JSON object {&quot;field&quot;: &quot;value&quot;, ...}.</source>
        <translation>данные формы должны быть одним объектом JSON {&quot;field&quot;: &quot;value&quot;, ...}.</translation>
    </message>
    <message>
        <source>the field &quot;%1&quot; is given twice; give each field once, with the value meant.</source>
        <translation>поле «%1» указано дважды; укажите каждое поле один раз, с нужным значением.</translation>
    </message>
</context>
<context>
    <name>tirkeu::forms::Validator</name>
    <message>
        <source>&quot;%1&quot; must be a list of choices.</source>
        <translation>Поле «%1» должно содержать список вариантов.</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: &quot;%2&quot; is not one of the allowed choices.</source>
        <translation>«%1»: «%2» не входит в число допустимых вариантов.</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: &quot;%2&quot; is chosen more than once.</source>
        <translation>«%1»: «%2» выбрано более одного раза.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a whole number.</source>
        <translation>Поле «%1» должно содержать целое число.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a single line.</source>
        <translation>Поле «%1» должно содержать одну строку.</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: %2</source>
        <translation>«%1»: %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a Kazakhstan phone number: +7 or 8 followed by 10 digits.</source>
        <translation>Поле «%1» должно содержать казахстанский номер телефона: +7 или 8 и далее 10 цифр.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a date written as YYYY-MM-DD.</source>
        <translation>Поле «%1» должно содержать дату в формате YYYY-MM-DD.</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: %2 is not an existing date.</source>
        <translation>«%1»: даты %2 не существует.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a hexadecimal serial number of 1 to 40 digits.</source>
        <translation>Поле «%1» должно содержать шестнадцатеричный серийный номер длиной от 1 до 40 цифр.</translation>
    </message>
    <message>
        <source>Person %1: %2</source>
        <translation>Лицо № %1: %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: 3 years is allowed only when the key is on a token (see &quot;%2&quot;).</source>
        <translation>«%1»: срок 3 года допускается, только если ключ хранится на токене (см. «%2»).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is required when &quot;%2&quot; includes another area.</source>
        <translation>Поле «%1» обязательно, если в «%2» указана другая область.</translation>
    </message>
    <message>
        <source>Unknown field &quot;%1&quot;.</source>
        <translation>Неизвестное поле «%1».</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is required.</source>
        <translation>Поле «%1» обязательно для заполнения.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be text.</source>
        <translation>Поле «%1» должно содержать текст.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is too long: %2 characters, at most %3 allowed.</source>
        <translation>Поле «%1» слишком длинное: символов — %2, допускается не более %3.</translation>
    </message>
    <message>
        <source>The letter must list at least one person.</source>
        <translation>В письме должно быть указано хотя бы одно лицо.</translation>
    </message>
    <message>
        <source>the row is not a set of fields.</source>
        <translation>строка не является набором полей.</translation>
    </message>
    <message>
        <source>The required attachment &quot;%1&quot; is missing.</source>
        <translation>Отсутствует обязательное приложение «%1».</translation>
    </message>
    <message>
        <source>Unknown attachment &quot;%1&quot;.</source>
        <translation>Неизвестное приложение «%1».</translation>
    </message>
    <message>
        <source>The applicant&apos;s consent to the processing of personal data is not recorded.</source>
        <translation>Согласие заявителя на обработку персональных данных не зафиксировано.</translation>
    </message>
    <message>
        <source>a control character</source>
        <translation>управляющий символ</translation>
    </message>
    <message>
        <source>a bidirectional control character</source>
        <translation>символ управления направлением текста</translation>
    </message>
    <message>
        <source>a zero-width character</source>
        <translation>символ нулевой ширины</translation>
    </message>
    <message>
        <source>an unpaired surrogate</source>
        <translation>непарный суррогат</translation>
    </message>
    <message>
        <source>a private-use character</source>
        <translation>символ из области для частного использования</translation>
    </message>
    <message>
        <source>a non-character</source>
        <translation>несимвол Юникода</translation>
    </message>
    <message>
        <source>an invisible formatting character</source>
        <translation>невидимый символ форматирования</translation>
    </message>
    <message>
        <source>&quot;%1&quot; contains %2 (U+%3) at position %4; remove it and type the text again.</source>
        <translation>«%1» содержит %2 (U+%3) в позиции %4; удалите его и введите текст заново.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; and &quot;%2&quot; together make the certificate&apos;s common name (CN): %3 characters, at most %4 (RFC 5280).</source>
        <translation>«%1» и «%2» вместе образуют общее имя (CN) регистрационного свидетельства: %3 символов, допускается не более %4 (RFC 5280).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; becomes the certificate&apos;s organisation (O) when no &quot;%2&quot; is given: %3 characters, at most %4 (RFC 5280); give a short name.</source>
        <translation>«%1» становится организацией (O) регистрационного свидетельства, если «%2» не указано: %3 символов, допускается не более %4 (RFC 5280); укажите краткое наименование.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; becomes the certificate&apos;s organisation (O): %2 characters, at most %3 (RFC 5280).</source>
        <translation>«%1» становится организацией (O) регистрационного свидетельства: %2 символов, допускается не более %3 (RFC 5280).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is too long for the certificate&apos;s %2 attribute: %3 characters, at most %4 (RFC 5280).</source>
        <translation>«%1» слишком длинно для атрибута %2 регистрационного свидетельства: %3 символов, допускается не более %4 (RFC 5280).</translation>
    </message>
    <message>
        <source>an invisible character</source>
        <translation>невидимый символ</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: the word &quot;%2&quot; mixes two alphabets (%3 at position %4 is not a letter of the alphabet of the word&apos;s first letter); type the word again in one alphabet.</source>
        <translation>«%1»: в слове «%2» смешаны два алфавита (%3 в позиции %4 — не буква алфавита первой буквы слова); введите слово заново в одном алфавите.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; contains the digit %2 at position %3: a name is written in letters.</source>
        <translation>«%1» содержит цифру %2 в позиции %3: имя пишется буквами.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; carries more than two accents on one letter at position %2; type the name again.</source>
        <translation>«%1»: на одной букве в позиции %2 больше двух диакритических знаков; введите имя заново.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; contains no letter.</source>
        <translation>«%1» не содержит ни одной буквы.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid e-mail address (the part before @ in Latin letters, digits and .!#$%&amp;&apos;*+-/=?^_`{|}~; a domain such as example.kz).</source>
        <translation>&quot;%1&quot; — недопустимый адрес электронной почты (часть до @ — латинскими буквами, цифрами и знаками .!#$%&amp;&apos;*+-/=?^_`{|}~; домен вида example.kz).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is %2, but the letter is of %3: a government body&apos;s letter lists its own employees. Give the body&apos;s name (or the short name the letter gives it), or a unit of it after the body&apos;s name (&quot;%3, …&quot;).</source>
        <translation>«%1» — %2, а письмо от %3: в письме государственного органа указываются его собственные сотрудники. Укажите наименование органа (или сокращенное наименование, данное в письме) либо его подразделение после наименования органа («%3, …»).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; contains &quot;%2&quot; (U+%3) at position %4: a name is written in letters, with spaces, hyphens (-), apostrophes (&apos; or ’) and dots (of initials) only.</source>
        <translation>Поле «%1» содержит «%2» (U+%3) в позиции %4: имя пишется только буквами, с пробелами, дефисами (-), апострофами (&apos; или ’) и точками (инициалов).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; and &quot;%2&quot; together make the certificate&apos;s common name (CN), written in capitals: %3 characters (some letters become two in capitals, &quot;ß&quot; becomes &quot;SS&quot;), at most %4 (RFC 5280).</source>
        <translation>«%1» и «%2» вместе составляют общее имя (CN) свидетельства прописными буквами: %3 символов (некоторые буквы в прописном написании становятся двумя, «ß» — «SS»), не более %4 (RFC 5280).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is too long for the certificate: %2 characters written in capitals, at most %3.</source>
        <translation>«%1» слишком длинно для свидетельства: %2 символов прописными буквами, не более %3.</translation>
    </message>
    <message>
        <source>a replacement character (text garbled by a wrong encoding)</source>
        <translation>символ замены (текст искажен неверной кодировкой)</translation>
    </message>
</context>
<context>
    <name>tirkeu::forms::pdf::FormImport</name>
    <message>
        <source>The file is not a PDF document.</source>
        <translation>Файл не является документом PDF.</translation>
    </message>
    <message>
        <source>The PDF document is incomplete or damaged (its end is missing).</source>
        <translation>Документ PDF неполон или повреждён (отсутствует его конец).</translation>
    </message>
    <message>
        <source>The PDF document is damaged and cannot be read.</source>
        <translation>Документ PDF повреждён, прочитать его невозможно.</translation>
    </message>
    <message>
        <source>The PDF document is password-protected; save it without a password.</source>
        <translation>Документ PDF защищён паролем; сохраните его без пароля.</translation>
    </message>
    <message>
        <source>The PDF document has no pages.</source>
        <translation>В документе PDF нет страниц.</translation>
    </message>
    <message>
        <source>Page %1 of the PDF document is damaged.</source>
        <translation>Страница %1 документа PDF повреждена.</translation>
    </message>
    <message>
        <source>The PDF is not a Tirkeu form template (it has no form code); fill in the template printed by tirkeu-cli form template.</source>
        <translation>PDF не является шаблоном формы Tirkeu (в нём нет кода формы); заполните шаблон, выведенный командой tirkeu-cli form template.</translation>
    </message>
    <message>
        <source>The PDF names the unknown form %1.</source>
        <translation>В PDF указана неизвестная форма %1.</translation>
    </message>
    <message>
        <source>The PDF is the form %1, not %2: use the template of %2.</source>
        <translation>PDF содержит форму %1, а не %2: используйте шаблон формы %2.</translation>
    </message>
    <message>
        <source>The form %1 in the PDF is empty: no field is filled in.</source>
        <translation>Форма %1 в PDF пуста: ни одно поле не заполнено.</translation>
    </message>
    <message>
        <source>The form in the PDF has invalid values:
%1</source>
        <translation>Форма в PDF содержит недопустимые значения:
%1</translation>
    </message>
    <message>
        <source>The PDF&apos;s form code was erased; fill in a new template printed by tirkeu-cli form template.</source>
        <translation>Код формы в PDF стёрт; заполните новый шаблон, напечатанный командой tirkeu-cli form template.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a date written as ДД.ММ.ГГГГ (КК.АА.ЖЖЖЖ), e.g. 02.03.2026: %2</source>
        <translation>«%1» должно быть датой в виде ДД.ММ.ГГГГ, например 02.03.2026: %2</translation>
    </message>
    <message>
        <source>The PDF document has two fields named %1 with different values: it is not a template as Tirkeu made it. Fill in a new template.</source>
        <translation>В документе PDF два поля с именем %1 и разными значениями: это не шаблон в том виде, в каком его создал Tirkeu. Заполните новый шаблон.</translation>
    </message>
    <message>
        <source>Poppler: %1 more messages about this PDF document were not shown.</source>
        <translation>Poppler: ещё %1 сообщений об этом документе PDF не показаны.</translation>
    </message>
    <message>
        <source>Cannot read the PDF document: %1</source>
        <translation>Не удаётся прочитать документ PDF: %1</translation>
    </message>
    <message>
        <source>Reading the PDF document was cancelled.</source>
        <translation>Чтение документа PDF отменено.</translation>
    </message>
    <message>
        <source>The PDF document needs more time or memory than a form ever does (at most %1 s and %2 MiB): it is not a template as Tirkeu made it, and it is not read.</source>
        <translation>Документу PDF нужно больше времени или памяти, чем когда-либо нужно форме (не более %1 с и %2 МиБ): это не шаблон в том виде, в каком его создал Tirkeu, и он не читается.</translation>
    </message>
    <message>
        <source>The PDF document has %1 pages, more than a Tirkeu form template ever has (at most %2): it is not read.</source>
        <translation>В документе PDF %1 страниц — больше, чем бывает в шаблоне формы Tirkeu (не более %2): он не читается.</translation>
    </message>
    <message>
        <source>The PDF document has more than %1 form fields, more than a Tirkeu form template ever has: it is not read.</source>
        <translation>В документе PDF больше %1 полей формы — больше, чем бывает в шаблоне формы Tirkeu: он не читается.</translation>
    </message>
    <message>
        <source>The PDF lists a person in row %1; a letter template has at most %2 rows: it is not a template as Tirkeu made it. List the persons in letters of at most %2 persons.</source>
        <translation>В PDF указано лицо в строке %1; в шаблоне письма не более %2 строк: это не шаблон в том виде, в каком его создал Tirkeu. Перечислите лиц в письмах не более чем по %2 человек.</translation>
    </message>
    <message>
        <source>The PDF fills in person row %1, but row %2 has no field &quot;%3&quot;: it is not a template as Tirkeu made it, and rows after %2 would not be read. Fill in a new template.</source>
        <translation>В PDF заполнена строка лица %1, но в строке %2 нет поля «%3»: это не шаблон в том виде, в каком его создал Tirkeu, и строки после %2 не были бы прочитаны. Заполните новый шаблон.</translation>
    </message>
</context>
<context>
    <name>tirkeu::forms::pdf::FormPrint</name>
    <message>
        <source>Application %1 names the unknown form %2.</source>
        <translation>В заявлении %1 указана неизвестная форма %2.</translation>
    </message>
</context>
<context>
    <name>tirkeu::forms::pdf::FormTemplate</name>
    <message>
        <source>The generated PDF has an unexpected structure; the template was not made.</source>
        <translation>Сформированный PDF имеет непредвиденную структуру; шаблон не создан.</translation>
    </message>
    <message>
        <source>A form field lies outside the document&apos;s pages.</source>
        <translation>Поле формы выходит за пределы страниц документа.</translation>
    </message>
    <message>
        <source>A template holds 1 to 20 personal attachments: %1</source>
        <translation>Шаблон содержит от 1 до 20 персональных приложений: %1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Не удалось записать %1: %2</translation>
    </message>
    <message>
        <source>The font DejaVu Sans was not found in %1 (install the package fonts-dejavu-core): the form fields need it.</source>
        <translation>Шрифт DejaVu Sans не найден в %1 (установите пакет fonts-dejavu-core): он нужен полям формы.</translation>
    </message>
    <message>
        <source>The font file %1 cannot be read.</source>
        <translation>Не удаётся прочитать файл шрифта %1.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::AboutDialog</name>
    <message>
        <source>&lt;h2&gt;Tirkeu %1&lt;/h2&gt;&lt;p&gt;The back office of a certification authority: applications, issuance, revocation, CRLs, registers and journals.&lt;/p&gt;&lt;p&gt;Licence: proprietary; © the Tirkeu authors.&lt;/p&gt;&lt;p&gt;Qt %2 (built with %3)&lt;br&gt;%4&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Tirkeu %1&lt;/h2&gt;&lt;p&gt;Бэк-офис удостоверяющего центра: заявления, выдача, отзыв, СОРС, реестры и журналы.&lt;/p&gt;&lt;p&gt;Лицензия: проприетарная; © авторы Tirkeu.&lt;/p&gt;&lt;p&gt;Qt %2 (собрано с %3)&lt;br&gt;%4&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About Tirkeu</source>
        <translation>О программе Tirkeu</translation>
    </message>
    <message>
        <source>Getting started</source>
        <translation>Начало работы</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Getting started&lt;/h2&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;Set up a CA.&lt;/b&gt; An administrator opens Settings → CAs, adds the CA and creates its key and certificate (a root, or a request to the parent CA).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Add operators.&lt;/b&gt; The administrator adds an account for each operator, CA officer and auditor in Settings → Operators.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Enter an application.&lt;/b&gt; An operator chooses New application, fills in the form and saves it; it appears in the Applications tab.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Approve.&lt;/b&gt; A CA officer selects the application and approves it (four eyes: the one who entered it cannot approve it).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Issue.&lt;/b&gt; A CA officer selects the approved application and chooses Issue certificate; print or save the paper certificate for the applicant&apos;s signature.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Revoke.&lt;/b&gt; Find the certificate in the Register or Search tab and choose Revoke, with the reason from the applicant&apos;s letter.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Publish the CRL.&lt;/b&gt; Certificates → Publish CRL signs a new list and writes it where the CA&apos;s settings say.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;To work as someone else, choose Register → Sign out: the sign-in window opens again.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Начало работы&lt;/h2&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;Настройте УЦ.&lt;/b&gt; Администратор открывает Настройки → УЦ, добавляет УЦ и создаёт его ключ и свидетельство (корневое или запрос вышестоящему УЦ).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Добавьте операторов.&lt;/b&gt; Администратор добавляет учётную запись для каждого оператора, сотрудника УЦ и аудитора в Настройки → Операторы.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Введите заявление.&lt;/b&gt; Оператор выбирает «Новое заявление», заполняет форму и сохраняет её; заявление появляется на вкладке «Заявления».&lt;/li&gt;&lt;li&gt;&lt;b&gt;Одобрите.&lt;/b&gt; Сотрудник УЦ выбирает заявление и одобряет его (принцип четырёх глаз: тот, кто его ввёл, одобрить не может).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Выдайте.&lt;/b&gt; Сотрудник УЦ выбирает одобренное заявление и выбирает «Выдать свидетельство»; распечатайте или сохраните бумажное свидетельство для подписи заявителя.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Отзовите.&lt;/b&gt; Найдите свидетельство на вкладке «Реестр» или «Поиск» и выберите «Отозвать», указав причину из письма заявителя.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Опубликуйте СОРС.&lt;/b&gt; Свидетельства → Опубликовать СОРС подписывает новый список и записывает его туда, куда указано в настройках УЦ.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;Чтобы работать от имени другого человека, выберите Реестр → Выйти: окно входа откроется снова.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::ApplicationDetailsDialog</name>
    <message>
        <source>Application %1</source>
        <translation>Заявление %1</translation>
    </message>
    <message>
        <source>Number:</source>
        <translation>Номер:</translation>
    </message>
    <message>
        <source>Form:</source>
        <translation>Форма:</translation>
    </message>
    <message>
        <source>CA:</source>
        <translation>УЦ:</translation>
    </message>
    <message>
        <source>Applicant:</source>
        <translation>Заявитель:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Статус:</translation>
    </message>
    <message>
        <source>Received:</source>
        <translation>Поступило:</translation>
    </message>
    <message>
        <source>%1, registered by %2</source>
        <translation>%1, зарегистрировал оператор %2</translation>
    </message>
    <message>
        <source>none (no legal deadline)</source>
        <translation>нет (срок законом не установлен)</translation>
    </message>
    <message>
        <source>— overdue</source>
        <translation>— просрочено</translation>
    </message>
    <message>
        <source>— due today</source>
        <translation>— срок истекает сегодня</translation>
    </message>
    <message>
        <source>Deadline:</source>
        <translation>Срок:</translation>
    </message>
    <message>
        <source>Decided:</source>
        <translation>Решение:</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1, сотрудник УЦ %2</translation>
    </message>
    <message>
        <source>Reason for rejection:</source>
        <translation>Причина отклонения:</translation>
    </message>
    <message>
        <source>Attachments:</source>
        <translation>Приложения:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Consent:</source>
        <translation>Согласие:</translation>
    </message>
    <message>
        <source>recorded %1</source>
        <translation>зафиксировано %1</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>не зафиксировано</translation>
    </message>
    <message>
        <source>Data of the form</source>
        <translation>Данные формы</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>Person %1</source>
        <translation>Лицо № %1</translation>
    </message>
    <message>
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Примечание</translation>
    </message>
    <message>
        <source>Save the application form</source>
        <translation>Сохранение формы заявления</translation>
    </message>
    <message>
        <source>application-%1.pdf</source>
        <translation>заявление-%1.pdf</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Документы PDF (*.pdf)</translation>
    </message>
    <message>
        <source>The filled-in form is saved to %1, ready for the applicant&apos;s signature.</source>
        <translation>Заполненная форма сохранена в %1 и готова к подписанию заявителем.</translation>
    </message>
    <message>
        <source>The official form filled in from this application, as PDF for the applicant&apos;s signature.</source>
        <translation>Официальная форма, заполненная по данным этого заявления, в формате PDF для подписи заявителем.</translation>
    </message>
    <message>
        <source>Holder identified:</source>
        <translation>Идентификация владельца:</translation>
    </message>
    <message>
        <source>Documents missing:</source>
        <translation>Отсутствующие документы:</translation>
    </message>
    <message>
        <source>&amp;Open the saved PDF</source>
        <translation>&amp;Открыть сохранённый PDF</translation>
    </message>
    <message>
        <source>Cannot make a temporary file for the preview: %1</source>
        <translation>Не удаётся создать временный файл для просмотра: %1</translation>
    </message>
    <message>
        <source>Pre&amp;view / Print…</source>
        <translation>Пред&amp;варительный просмотр / Печать…</translation>
    </message>
    <message>
        <source>The filled-in official form in a print preview; print it from there.</source>
        <translation>Заполненная официальная форма в окне предварительного просмотра; печатайте оттуда.</translation>
    </message>
    <message>
        <source>&amp;Save form as PDF…</source>
        <translation>&amp;Сохранить форму в PDF…</translation>
    </message>
    <message numerus="yes">
        <source>person %1 (%2) left on %3, reported %n day(s) later</source>
        <translation>
            <numerusform>лицо %1 (%2) уволилось %3, сообщено через %n день</numerusform>
            <numerusform>лицо %1 (%2) уволилось %3, сообщено через %n дня</numerusform>
            <numerusform>лицо %1 (%2) уволилось %3, сообщено через %n дней</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>late, the limit is %n day(s)</source>
        <translation>
            <numerusform>с опозданием, предел %n день</numerusform>
            <numerusform>с опозданием, предел %n дня</numerusform>
            <numerusform>с опозданием, предел %n дней</numerusform>
        </translation>
    </message>
    <message>
        <source>Left the job:</source>
        <translation>Увольнение:</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::ApplicationQueueModel</name>
    <message>
        <source>This form has no legal deadline.</source>
        <translation>Для этой формы срок законом не установлен.</translation>
    </message>
    <message>
        <source>Overdue: the deadline was %1.</source>
        <translation>Просрочено: срок истёк %1.</translation>
    </message>
    <message>
        <source>Due today.</source>
        <translation>Срок истекает сегодня.</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Причина: %1</translation>
    </message>
    <message>
        <source>No.</source>
        <comment>application number</comment>
        <translation>№</translation>
    </message>
    <message>
        <source>CA</source>
        <comment>certification authority</comment>
        <translation>УЦ</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Форма</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Поступило</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Срок</translation>
    </message>
    <message>
        <source>IIN/BIN</source>
        <translation>ИИН/БИН</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Заявитель</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::ApplicationQueuePage</name>
    <message>
        <source>&amp;CA:</source>
        <translation>&amp;УЦ:</translation>
    </message>
    <message>
        <source>All CAs</source>
        <translation>Все УЦ</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Статус:</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Любой статус</translation>
    </message>
    <message>
        <source>&amp;Open only</source>
        <translation>Только в &amp;работе</translation>
    </message>
    <message>
        <source>Show only applications still being worked on (registered or approved).</source>
        <translation>Показывать только заявления в работе (зарегистрированные или одобренные).</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Одобрить</translation>
    </message>
    <message>
        <source>&amp;Reject…</source>
        <translation>О&amp;тклонить…</translation>
    </message>
    <message>
        <source>&amp;Previous</source>
        <translation>&amp;Назад</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;Вперёд</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>просрочено</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>срок сегодня</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>Заявления</translation>
    </message>
    <message>
        <source>No applications match the filter.</source>
        <translation>Нет заявлений, соответствующих фильтру.</translation>
    </message>
    <message>
        <source>Your role (%1) may not %2.</source>
        <translation>Ваша роль (%1) не позволяет %2.</translation>
    </message>
    <message>
        <source>Select an application in the list first.</source>
        <translation>Сначала выберите заявление в списке.</translation>
    </message>
    <message>
        <source>Approve the selected application.</source>
        <translation>Одобрить выбранное заявление.</translation>
    </message>
    <message>
        <source>Reject the selected application, with a reason.</source>
        <translation>Отклонить выбранное заявление с указанием причины.</translation>
    </message>
    <message>
        <source>Approve application %1</source>
        <translation>Одобрение заявления %1</translation>
    </message>
    <message>
        <source>Approve application %1 (%2, %3)?</source>
        <translation>Одобрить заявление %1 (%2, %3)?</translation>
    </message>
    <message>
        <source>Application %1 approved.</source>
        <translation>Заявление %1 одобрено.</translation>
    </message>
    <message>
        <source>Reject application %1</source>
        <translation>Отклонение заявления %1</translation>
    </message>
    <message>
        <source>Application %1 rejected.</source>
        <translation>Заявление %1 отклонено.</translation>
    </message>
    <message>
        <source>&amp;Form:</source>
        <translation>&amp;Форма:</translation>
    </message>
    <message>
        <source>All forms</source>
        <translation>Все формы</translation>
    </message>
    <message>
        <source>Ground for refusing application %1 (%2, %3):</source>
        <translation>Основание для отказа по заявлению %1 (%2, %3):</translation>
    </message>
    <message>
        <source>Note (optional):</source>
        <translation>Примечание (необязательно):</translation>
    </message>
    <message>
        <source>Searc&amp;h:</source>
        <translation>П&amp;оиск:</translation>
    </message>
    <message>
        <source>number, IIN/BIN or name</source>
        <translation>номер, ИИН/БИН или имя</translation>
    </message>
    <message>
        <source>An application number, the start of an IIN or BIN, or a part of the applicant&apos;s name; Enter searches at once.</source>
        <translation>Номер заявления, начало ИИН или БИН либо часть имени заявителя; Enter ищет сразу.</translation>
    </message>
    <message>
        <source>Show the whole queue</source>
        <translation>Показать всю очередь</translation>
    </message>
    <message>
        <source>Shown: %1</source>
        <translation>Показано: %1</translation>
    </message>
    <message>
        <source>No applications yet: register one with New application (Ctrl+N).</source>
        <translation>Заявлений пока нет: зарегистрируйте заявление через «Новое заявление» (Ctrl+N).</translation>
    </message>
    <message>
        <source>Page %1 of %2 · rows %3–%4 of %5</source>
        <translation>Страница %1 из %2 · строки %3–%4 из %5</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::AuditLogPage</name>
    <message>
        <source>No events.</source>
        <translation>Событий нет.</translation>
    </message>
    <message>
        <source>%1 of %2 events on this page (newest first; seq. %3 and newer)</source>
        <translation>%1 из %2 событий на этой странице (сначала новые; № %3 и новее)</translation>
    </message>
    <message>
        <source>Verifying the event log…</source>
        <translation>Проверка журнала событий…</translation>
    </message>
    <message>
        <source>Verifying the event log: the chain, the rows and the anchors…</source>
        <translation>Проверка журнала событий: цепочка, строки и якоря…</translation>
    </message>
    <message>
        <source>Verification could not run: %1</source>
        <translation>Проверку выполнить не удалось: %1</translation>
    </message>
    <message>
        <source>The event log is intact: %1 events, %2 anchors and %3 rows checked.</source>
        <translation>Журнал событий цел: проверено событий — %1, якорей — %2, строк — %3.</translation>
    </message>
    <message>
        <source>The event log is damaged at event %1: %2</source>
        <translation>Журнал событий повреждён на событии %1: %2</translation>
    </message>
    <message>
        <source>The event log is damaged: %1</source>
        <translation>Журнал событий повреждён: %1</translation>
    </message>
    <message>
        <source>S&amp;ubject:</source>
        <translation>&amp;Субъект:</translation>
    </message>
    <message>
        <source>IIN, BIN, serial, application No. or login; Enter reads</source>
        <translation>ИИН, БИН, серийный номер, № заявления или логин; Enter — прочитать</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Тип:</translation>
    </message>
    <message>
        <source>e.g. certificate.issued</source>
        <translation>например, certificate.issued</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>&amp;Дата:</translation>
    </message>
    <message>
        <source>&amp;Newest</source>
        <translation>&amp;Новейшие</translation>
    </message>
    <message>
        <source>&amp;Older page</source>
        <translation>&amp;Более старая страница</translation>
    </message>
    <message>
        <source>&amp;Verify the log</source>
        <translation>&amp;Проверить журнал</translation>
    </message>
    <message>
        <source>Check the hash chain, the recorded rows and the anchors, as the auditor&apos;s verification does.</source>
        <translation>Проверить хеш-цепочку, записанные строки и якоря, как это делает проверка аудитора.</translation>
    </message>
    <message>
        <source>Your role may not verify the event log.</source>
        <translation>Ваша роль не может проверять журнал событий.</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Субъект</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <source>Cancelling the verification…</source>
        <translation>Проверка останавливается…</translation>
    </message>
    <message>
        <source>&amp;Cancel verification</source>
        <translation>&amp;Остановить проверку</translation>
    </message>
    <message>
        <source>Stop the verification; a stopped verification gives no verdict.</source>
        <translation>Остановить проверку; остановленная проверка не даёт заключения.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::BatchIssueDialog</name>
    <message>
        <source>Manifest of the requests</source>
        <translation>Перечень запросов</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Folder of the requests</source>
        <translation>Папка запросов</translation>
    </message>
    <message>
        <source>Folder for the certificates</source>
        <translation>Папка для свидетельств</translation>
    </message>
    <message>
        <source>Stopping after the group being recorded…</source>
        <translation>Остановка после записываемой группы…</translation>
    </message>
    <message>
        <source>Issue from requests</source>
        <translation>Выдача по запросам</translation>
    </message>
    <message>
        <source>Issues the certificates of approved applications from their holders&apos; requests at once: every rule of a single issuance applies to each request; the certificates are recorded in groups and each file is written only once its certificate is recorded.</source>
        <translation>Выдаёт свидетельства по одобренным заявлениям сразу по запросам их владельцев: к каждому запросу применяются все правила одиночной выдачи; свидетельства записываются группами, и каждый файл записывается только после записи его свидетельства.</translation>
    </message>
    <message>
        <source>Requests:</source>
        <translation>Запросы:</translation>
    </message>
    <message>
        <source>&amp;Folder</source>
        <translation>&amp;Папка</translation>
    </message>
    <message>
        <source>Requests named &lt;application&gt;.csr (with &lt;application&gt;-auth.csr for the authentication key of a signing-and-authentication application).</source>
        <translation>Запросы с именами &lt;заявление&gt;.csr (и &lt;заявление&gt;-auth.csr для ключа аутентификации заявления на подпись и аутентификацию).</translation>
    </message>
    <message>
        <source>&amp;Manifest</source>
        <translation>Пе&amp;речень</translation>
    </message>
    <message>
        <source>A CSV file of lines application,person,csr[,auth_csr[,media_serial]], paths relative to it.</source>
        <translation>Файл CSV из строк application,person,csr[,auth_csr[,media_serial]], пути относительно него.</translation>
    </message>
    <message>
        <source>Ma&amp;nifest file:</source>
        <translation>&amp;Файл перечня:</translation>
    </message>
    <message>
        <source>Fo&amp;lder of requests:</source>
        <translation>Пап&amp;ка запросов:</translation>
    </message>
    <message>
        <source>the CSV file listing the requests</source>
        <translation>файл CSV со списком запросов</translation>
    </message>
    <message>
        <source>the folder holding the .csr files</source>
        <translation>папка с файлами .csr</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Обзор…</translation>
    </message>
    <message>
        <source>&amp;Certificates to:</source>
        <translation>&amp;Свидетельства в:</translation>
    </message>
    <message>
        <source>a folder; no file in it is overwritten</source>
        <translation>папка; файлы в ней не перезаписываются</translation>
    </message>
    <message>
        <source>B&amp;rowse…</source>
        <translation>О&amp;бзор…</translation>
    </message>
    <message>
        <source>&amp;Issue</source>
        <translation>&amp;Выдать</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Запрос</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Certificate or reason</source>
        <translation>Свидетельство или причина</translation>
    </message>
    <message>
        <source>Ask for the CA key passphrase, then issue every request.</source>
        <translation>Запросить парольную фразу ключа УЦ и выдать по каждому запросу.</translation>
    </message>
    <message>
        <source>Your role (%1) may not %2.</source>
        <translation>Ваша роль (%1) не позволяет %2.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Закрыть</translation>
    </message>
    <message>
        <source>Stop after the group being recorded: what is recorded stays issued.</source>
        <translation>Остановить после записываемой группы: записанное остаётся выданным.</translation>
    </message>
    <message>
        <source>Choose the manifest of the requests.</source>
        <translation>Выберите перечень запросов.</translation>
    </message>
    <message>
        <source>Choose the folder of the requests.</source>
        <translation>Выберите папку запросов.</translation>
    </message>
    <message numerus="yes">
        <source>Passphrase of the CA key, to sign the certificates of %n request(s):</source>
        <translation>
            <numerusform>Парольная фраза ключа УЦ для подписания свидетельств по %n запросу:</numerusform>
            <numerusform>Парольная фраза ключа УЦ для подписания свидетельств по %n запросам:</numerusform>
            <numerusform>Парольная фраза ключа УЦ для подписания свидетельств по %n запросам:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Issuing %n certificate request(s)…</source>
        <translation>
            <numerusform>Выдача свидетельств по %n запросу…</numerusform>
            <numerusform>Выдача свидетельств по %n запросам…</numerusform>
            <numerusform>Выдача свидетельств по %n запросам…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 requests done, %3 issued</source>
        <translation>Обработано %1 из %2 запросов, выдано %3</translation>
    </message>
    <message>
        <source>issued</source>
        <translation>выдано</translation>
    </message>
    <message>
        <source>%1 — %2; %3</source>
        <translation>%1 — %2; %3</translation>
    </message>
    <message>
        <source>no file written</source>
        <translation>файл не записан</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>отказано</translation>
    </message>
    <message>
        <source>not issued</source>
        <translation>не выдано</translation>
    </message>
    <message>
        <source>its group could not be recorded: %1</source>
        <translation>его группу не удалось записать: %1</translation>
    </message>
    <message>
        <source>the batch was stopped before it</source>
        <translation>пакет остановлен до него</translation>
    </message>
    <message>
        <source>the batch stopped before it</source>
        <translation>пакет прервался до него</translation>
    </message>
    <message>
        <source>%1 of %2 requests issued (%3 durable groups), %4 refused, %5 not issued.</source>
        <translation>Выдано %1 из %2 запросов (%3 надёжных групп), %4 отказано, %5 не выдано.</translation>
    </message>
    <message>
        <source>Certificate %1 is issued and recorded, but: %2 Export it from the certificate&apos;s details in the Search tab.</source>
        <translation>Свидетельство %1 выдано и записано, но: %2 Экспортируйте его из сведений о свидетельстве на вкладке «Поиск».</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::CaKeySetupDialog</name>
    <message>
        <source>Set up the key of the CA %1</source>
        <translation>Настройка ключа УЦ %1</translation>
    </message>
    <message>
        <source>The CA&apos;s signing key and certificate. A root CA signs its own certificate; a subordinate CA&apos;s request goes to its parent CA, whose certificate is then imported (Settings → CAs → Import certificate…). The passphrase is never stored: keep it with the key&apos;s custodians.</source>
        <translation>Ключ подписи и свидетельство УЦ. Корневой УЦ подписывает своё свидетельство сам; запрос подчинённого УЦ направляется вышестоящему УЦ, чьё свидетельство затем импортируется (Настройки → УЦ → Импортировать свидетельство…). Парольная фраза нигде не хранится: держите её у хранителей ключа.</translation>
    </message>
    <message>
        <source>Certificate:</source>
        <translation>Свидетельство:</translation>
    </message>
    <message>
        <source>&amp;Self-signed root CA certificate</source>
        <translation>&amp;Самоподписанное свидетельство корневого УЦ</translation>
    </message>
    <message>
        <source>S&amp;ubordinate CA: a request to the parent CA</source>
        <translation>&amp;Подчинённый УЦ: запрос вышестоящему УЦ</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>Ключ:</translation>
    </message>
    <message>
        <source>&amp;New key in an encrypted file</source>
        <translation>&amp;Новый ключ в зашифрованном файле</translation>
    </message>
    <message>
        <source>&amp;Existing key: PKCS#11 token (HSM) or key file</source>
        <translation>&amp;Существующий ключ: токен PKCS#11 (HSM) или файл ключа</translation>
    </message>
    <message>
        <source>Algorithm:</source>
        <translation>Алгоритм:</translation>
    </message>
    <message>
        <source>Key file:</source>
        <translation>Файл ключа:</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>Парольная фраза:</translation>
    </message>
    <message>
        <source>Passphrase again:</source>
        <translation>Парольная фраза ещё раз:</translation>
    </message>
    <message>
        <source>Key URI:</source>
        <translation>URI ключа:</translation>
    </message>
    <message>
        <source>PIN or passphrase:</source>
        <translation>PIN или парольная фраза:</translation>
    </message>
    <message>
        <source>Validity, years:</source>
        <translation>Срок действия, лет:</translation>
    </message>
    <message>
        <source>Organisation (O):</source>
        <translation>Организация (O):</translation>
    </message>
    <message>
        <source>Request file:</source>
        <translation>Файл запроса:</translation>
    </message>
    <message>
        <source>pkcs11:token=…;object=…  or  file:/path/key.p8</source>
        <translation>pkcs11:token=…;object=…  или  file:/path/key.p8</translation>
    </message>
    <message>
        <source>at least 12 characters</source>
        <translation>не менее 12 символов</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <source>&amp;Make key and request</source>
        <translation>&amp;Создать ключ и запрос</translation>
    </message>
    <message>
        <source>&amp;Make key and certificate</source>
        <translation>&amp;Создать ключ и свидетельство</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Закрыть</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>New file for the CA key</source>
        <translation>Новый файл для ключа УЦ</translation>
    </message>
    <message>
        <source>Encrypted keys (*.p8 *.key)</source>
        <translation>Зашифрованные ключи (*.p8 *.key)</translation>
    </message>
    <message>
        <source>New file for the request to the parent CA</source>
        <translation>Новый файл для запроса вышестоящему УЦ</translation>
    </message>
    <message>
        <source>Certificate requests (*.pem *.csr)</source>
        <translation>Запросы на свидетельство (*.pem *.csr)</translation>
    </message>
    <message>
        <source>The two passphrases differ; type the same passphrase twice.</source>
        <translation>Парольные фразы различаются; введите одну и ту же фразу дважды.</translation>
    </message>
    <message>
        <source>Give the URI of the existing key (pkcs11:… or file:…).</source>
        <translation>Укажите URI существующего ключа (pkcs11:… или file:…).</translation>
    </message>
    <message>
        <source>Making the key and certificate of %1…</source>
        <translation>Создаются ключ и свидетельство %1…</translation>
    </message>
    <message>
        <source>Making the key of %1…</source>
        <translation>Создаётся ключ %1…</translation>
    </message>
    <message>
        <source>The CA key is created, but: %1</source>
        <translation>Ключ УЦ создан, но: %1</translation>
    </message>
    <message>
        <source>The key of the CA %1 is made (%2, SHA-256 %3). Send the request %4 to the parent CA, then import the certificate it issues: Settings → CAs → Import certificate…</source>
        <translation>Ключ УЦ %1 создан (%2, SHA-256 %3). Отправьте запрос %4 вышестоящему УЦ, затем импортируйте выданное им свидетельство: Настройки → УЦ → Импортировать свидетельство…</translation>
    </message>
    <message>
        <source>The CA %1 is set up: key %2 (SHA-256 %3), certificate %4 valid until %5.</source>
        <translation>УЦ %1 настроен: ключ %2 (SHA-256 %3), свидетельство %4 действительно до %5.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::CertificateDetailsDialog</name>
    <message>
        <source>Certificate %1</source>
        <translation>Регистрационное свидетельство %1</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>Субъект:</translation>
    </message>
    <message>
        <source>Serial number:</source>
        <translation>Серийный номер:</translation>
    </message>
    <message>
        <source>CA:</source>
        <translation>УЦ:</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>Профиль:</translation>
    </message>
    <message>
        <source>Validity:</source>
        <translation>Срок действия:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Статус:</translation>
    </message>
    <message>
        <source>Revocation:</source>
        <translation>Отзыв:</translation>
    </message>
    <message>
        <source>Issued:</source>
        <translation>Выдано:</translation>
    </message>
    <message>
        <source>Application:</source>
        <translation>Заявление:</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Регистрационное свидетельство</translation>
    </message>
    <message>
        <source>Application history</source>
        <translation>История заявления</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>События</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Примечание</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Событие</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <source>&amp;Revoke…</source>
        <translation>&amp;Отозвать…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Закрыть</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>%1; reason: %2 (%3); basis: %4%5</source>
        <translation>%1; причина: %2 (%3); основание: %4%5</translation>
    </message>
    <message>
        <source>not revoked</source>
        <translation>не отозвано</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1, сотрудник УЦ %2</translation>
    </message>
    <message>
        <source>No. %1, form %2, received %3, %4</source>
        <translation>№ %1, форма %2, поступило %3, %4</translation>
    </message>
    <message>
        <source>History of application No. %1.</source>
        <translation>История заявления № %1.</translation>
    </message>
    <message>
        <source>none recorded</source>
        <translation>нет данных</translation>
    </message>
    <message>
        <source>The certificate was not issued from an application in this register.</source>
        <translation>Регистрационное свидетельство выдано не по заявлению из этого реестра.</translation>
    </message>
    <message>
        <source>The latest %1 events about this certificate.</source>
        <translation>Показаны последние события по этому регистрационному свидетельству (не более %1).</translation>
    </message>
    <message>
        <source>Events about this certificate, newest first.</source>
        <translation>События по этому регистрационному свидетельству, сначала новые.</translation>
    </message>
    <message>
        <source>Your role (%1) may not %2.</source>
        <translation>Ваша роль (%1) не позволяет %2.</translation>
    </message>
    <message>
        <source>Revoke this certificate: reason, basis, and a confirmation of what will happen.</source>
        <translation>Отозвать это регистрационное свидетельство: причина, основание и подтверждение последствий.</translation>
    </message>
    <message>
        <source>Re-&amp;issue…</source>
        <translation>&amp;Перевыпустить…</translation>
    </message>
    <message>
        <source>A new application pre-filled from this certificate&apos;s application, linked to it; when issued, this certificate can be revoked as superseded in the same step.</source>
        <translation>Новое заявление, заполненное данными заявления, по которому выдано это регистрационное свидетельство, и связанное с ним; при выдаче нового регистрационного свидетельства текущее можно на том же шаге отозвать по причине замены.</translation>
    </message>
    <message>
        <source>The paper copy of the certificate for the holder&apos;s signature, saved as PDF.</source>
        <translation>Бумажная копия регистрационного свидетельства для подписи владельца, сохраняется в формате PDF.</translation>
    </message>
    <message>
        <source>Save the paper certificate</source>
        <translation>Сохранение бумажной копии регистрационного свидетельства</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Документы PDF (*.pdf)</translation>
    </message>
    <message>
        <source>The paper certificate is saved to %1.</source>
        <translation>Бумажная копия регистрационного свидетельства сохранена в %1.</translation>
    </message>
    <message>
        <source>Re&amp;lease hold…</source>
        <translation>&amp;Возобновить действие…</translation>
    </message>
    <message>
        <source>Lift the hold: the certificate is valid again; the next delta CRL lists it as removeFromCRL.</source>
        <translation>Снять приостановление: регистрационное свидетельство снова действительно; следующий дельта-СОРС укажет его как removeFromCRL.</translation>
    </message>
    <message>
        <source>Release the hold</source>
        <translation>Возобновление действия</translation>
    </message>
    <message>
        <source>Basis document of the release (e.g. the holder&apos;s application No. and date):</source>
        <translation>Документ-основание возобновления действия (например, номер и дата заявления владельца):</translation>
    </message>
    <message>
        <source>Release certificate %1 from hold? It becomes valid again; the next delta CRL lists it as removeFromCRL and the next full CRL omits it.</source>
        <translation>Возобновить действие регистрационного свидетельства %1? Оно снова станет действительным; следующий дельта-СОРС укажет его как removeFromCRL, а следующий полный СОРС не будет его содержать.</translation>
    </message>
    <message>
        <source>Certificate %1 is released from hold and valid again.</source>
        <translation>Действие регистрационного свидетельства %1 возобновлено, оно снова действительно.</translation>
    </message>
    <message>
        <source>Save paper certificate as P&amp;DF…</source>
        <translation>Сохранить бумажное свидетельство в P&amp;DF…</translation>
    </message>
    <message>
        <source>Pre&amp;view / Print…</source>
        <translation>Пред&amp;варительный просмотр / Печать…</translation>
    </message>
    <message>
        <source>The paper certificate in a print preview; print it from there.</source>
        <translation>Бумажное свидетельство в окне предварительного просмотра; печатайте оттуда.</translation>
    </message>
    <message>
        <source>Key media received by:</source>
        <translation>Ключевой носитель получил:</translation>
    </message>
    <message>
        <source>%1, %2 (internal order %3 of %4)</source>
        <translation>%1, %2 (внутренний приказ № %3 от %4)</translation>
    </message>
    <message>
        <source>Issued from a request made outside the CA: %1</source>
        <translation>Выдано по запросу, созданному вне УЦ: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::CertificateListPage</name>
    <message>
        <source>&amp;CA:</source>
        <translation>&amp;УЦ:</translation>
    </message>
    <message>
        <source>All CAs</source>
        <translation>Все УЦ</translation>
    </message>
    <message>
        <source>&amp;Details…</source>
        <translation>&amp;Подробнее…</translation>
    </message>
    <message>
        <source>Nothing found.</source>
        <translation>Ничего не найдено.</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) shown; scroll down for more.</source>
        <translation>
            <numerusform>Показана %n строка; прокрутите вниз, чтобы увидеть остальные.</numerusform>
            <numerusform>Показаны %n строки; прокрутите вниз, чтобы увидеть остальные.</numerusform>
            <numerusform>Показано %n строк; прокрутите вниз, чтобы увидеть остальные.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s).</source>
        <translation>
            <numerusform>%n строка.</numerusform>
            <numerusform>%n строки.</numerusform>
            <numerusform>%n строк.</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything the register knows about this certificate.</source>
        <translation>Все сведения реестра об этом регистрационном свидетельстве.</translation>
    </message>
    <message>
        <source>Select a certificate in the list first.</source>
        <translation>Сначала выберите регистрационное свидетельство в списке.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::ConnectionDialog</name>
    <message>
        <source>This is not a PostgreSQL address (postgresql://user@host:port/database).</source>
        <translation>Это не адрес PostgreSQL (postgresql://user@host:port/database).</translation>
    </message>
    <message>
        <source>Name the register file.</source>
        <translation>Укажите файл реестра.</translation>
    </message>
    <message>
        <source>Name the server and the database.</source>
        <translation>Укажите сервер и базу данных.</translation>
    </message>
    <message>
        <source>Tirkeu — register</source>
        <translation>Tirkeu — реестр</translation>
    </message>
    <message>
        <source>Open the register on this computer (a SQLite file) or the shared register of all registration centres (a PostgreSQL server).</source>
        <translation>Откройте реестр на этом компьютере (файл SQLite) или общий реестр всех центров регистрации (сервер PostgreSQL).</translation>
    </message>
    <message>
        <source>A file on this computer (SQLite)</source>
        <translation>Файл на этом компьютере (SQLite)</translation>
    </message>
    <message>
        <source>A shared register (PostgreSQL server)</source>
        <translation>Общий реестр (сервер PostgreSQL)</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Файл:</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Адрес:</translation>
    </message>
    <message>
        <source>postgresql://user@host:5432/database (optional)</source>
        <translation>postgresql://user@host:5432/database (необязательно)</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Сервер:</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>По&amp;рт:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;База данных:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Пользователь:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>Паро&amp;ль:</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Открыть</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::CrlPublishDialog</name>
    <message>
        <source>CRL folder</source>
        <translation>Папка СОРС</translation>
    </message>
    <message>
        <source>Publish CRL</source>
        <translation>Публикация СОРС</translation>
    </message>
    <message>
        <source>&amp;CA:</source>
        <translation>&amp;УЦ:</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Вид:</translation>
    </message>
    <message>
        <source>&amp;Full CRL</source>
        <translation>&amp;Полный СОРС</translation>
    </message>
    <message>
        <source>&amp;Delta CRL</source>
        <translation>&amp;Дельта-СОРС</translation>
    </message>
    <message>
        <source>Only the revocations since the last full CRL; the CA needs a full CRL first.</source>
        <translation>Только отзывы после последнего полного СОРС; сначала УЦ должен опубликовать полный СОРС.</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>Пап&amp;ка:</translation>
    </message>
    <message>
        <source>where the CRL files are written</source>
        <translation>куда записываются файлы СОРС</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Обзор…</translation>
    </message>
    <message>
        <source>&amp;Publish</source>
        <translation>Опу&amp;бликовать</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Закрыть</translation>
    </message>
    <message>
        <source>Delta CRL No. %1 (base %2)</source>
        <translation>Дельта-СОРС № %1 (базовый № %2)</translation>
    </message>
    <message>
        <source>Full CRL No. %1</source>
        <translation>Полный СОРС № %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 published: %n entries, next update %2.
SHA-256: %3
%4</source>
        <translation>
            <numerusform>%1 опубликован: %n запись, следующее обновление — %2.
SHA-256: %3
%4</numerusform>
            <numerusform>%1 опубликован: %n записи, следующее обновление — %2.
SHA-256: %3
%4</numerusform>
            <numerusform>%1 опубликован: %n записей, следующее обновление — %2.
SHA-256: %3
%4</numerusform>
        </translation>
    </message>
    <message>
        <source>Sign the CRL with the CA key and write it into the folder.</source>
        <translation>Подписать СОРС ключом УЦ и записать его в папку.</translation>
    </message>
    <message>
        <source>Your role (%1) may not %2.</source>
        <translation>Ваша роль (%1) не позволяет %2.</translation>
    </message>
    <message>
        <source>Choose the folder the CRL is written into.</source>
        <translation>Выберите папку, в которую записывается СОРС.</translation>
    </message>
    <message>
        <source>Passphrase of the key of the CA %1:</source>
        <translation>Парольная фраза ключа УЦ %1:</translation>
    </message>
    <message>
        <source>Signing and writing the CRL of %1…</source>
        <translation>Подписание и запись СОРС %1…</translation>
    </message>
    <message numerus="yes">
        <source>Owed: %n key compromise(s) not yet in a published CRL (%1); publish a delta CRL now.</source>
        <translation>
            <numerusform>Задолженность: %n компрометация ключа ещё не вошла в опубликованный СОРС (%1); опубликуйте дельта-СОРС сейчас.</numerusform>
            <numerusform>Задолженность: %n компрометации ключа ещё не вошли в опубликованный СОРС (%1); опубликуйте дельта-СОРС сейчас.</numerusform>
            <numerusform>Задолженность: %n компрометаций ключа ещё не вошли в опубликованный СОРС (%1); опубликуйте дельта-СОРС сейчас.</numerusform>
        </translation>
    </message>
    <message>
        <source>Unfinished: CRL No. %1 was written but not marked published (%2); the next publication into that folder finishes it.</source>
        <translation>Не завершено: СОРС № %1 записан, но не отмечен как опубликованный (%2); следующая публикация в эту папку завершит его публикацию.</translation>
    </message>
    <message>
        <source>Unfinished: CRL No. %1 was reserved but not written (%2); the next publication into that folder abandons it.</source>
        <translation>Не завершено: номер СОРС %1 зарезервирован, но СОРС не записан (%2); следующая публикация в эту папку отменит его.</translation>
    </message>
    <message>
        <source>The folder %1 holds none of the CRLs of %2, which has published CRLs up to number %3 elsewhere. Publish here only if this folder really is new to the CA (for example a new web folder); the register records that you confirmed it. Publish into this folder?</source>
        <translation>В папке %1 нет ни одного СОРС УЦ %2, а он опубликовал СОРС до номера %3 в другом месте. Публикуйте здесь, только если папка действительно новая для УЦ (например, новая веб-папка); реестр запишет, что вы это подтвердили. Опубликовать в эту папку?</translation>
    </message>
    <message>
        <source>Cancelling: the CRL being encoded is abandoned; one already recorded is finished…</source>
        <translation>Отмена: формируемый СОРС отменяется, уже записанный будет завершён…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message numerus="yes">
        <source>Partition %1: CRL No. %2, %n entries, %3</source>
        <translation>
            <numerusform>Секция %1: СОРС № %2, %n запись, %3</numerusform>
            <numerusform>Секция %1: СОРС № %2, %n записи, %3</numerusform>
            <numerusform>Секция %1: СОРС № %2, %n записей, %3</numerusform>
        </translation>
    </message>
    <message>
        <source>Stop publishing: nothing of the CRL being encoded is published.</source>
        <translation>Остановить публикацию: из формируемого СОРС ничего не публикуется.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::DateLineEdit</name>
    <message>
        <source>dd.mm.yyyy or ddmmyyyy</source>
        <translation>дд.мм.гггг или ддммгггг</translation>
    </message>
    <message>
        <source>Choose the date in a calendar</source>
        <translation>Выбрать дату в календаре</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::DraftsDialog</name>
    <message>
        <source>%1 (re-issue of %2)</source>
        <translation>%1 (перевыпуск %2)</translation>
    </message>
    <message>
        <source>(no applicant typed yet)</source>
        <translation>(заявитель ещё не введён)</translation>
    </message>
    <message>
        <source>My drafts</source>
        <translation>Мои черновики</translation>
    </message>
    <message>
        <source>Delete the selected draft? What was typed in it is lost.</source>
        <translation>Удалить выбранный черновик? Всё набранное в нём будет потеряно.</translation>
    </message>
    <message>
        <source>You have no drafts. A new application is kept here as you type it, until it is registered.</source>
        <translation>У вас нет черновиков. Новое заявление хранится здесь, пока вы его набираете, до регистрации.</translation>
    </message>
    <message numerus="yes">
        <source>Applications you started and did not register. Each is deleted %n day(s) after its last change.</source>
        <translation>
            <numerusform>Заявления, которые вы начали и не зарегистрировали. Каждое удаляется через %n день после последнего изменения.</numerusform>
            <numerusform>Заявления, которые вы начали и не зарегистрировали. Каждое удаляется через %n дня после последнего изменения.</numerusform>
            <numerusform>Заявления, которые вы начали и не зарегистрировали. Каждое удаляется через %n дней после последнего изменения.</numerusform>
        </translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Изменён</translation>
    </message>
    <message>
        <source>CA</source>
        <translation>УЦ</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Заявитель</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Форма</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Открыть</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Удалить…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Закрыть</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::EntryActions</name>
    <message>
        <source>&amp;New application…</source>
        <translation>&amp;Новое заявление…</translation>
    </message>
    <message>
        <source>Application &amp;details…</source>
        <translation>&amp;Сведения о заявлении…</translation>
    </message>
    <message>
        <source>&amp;Issue certificate…</source>
        <translation>&amp;Выдать свидетельство…</translation>
    </message>
    <message>
        <source>Your role (%1) may not %2.</source>
        <translation>Ваша роль (%1) не позволяет %2.</translation>
    </message>
    <message>
        <source>Register a new application from an official form.</source>
        <translation>Зарегистрировать новое заявление по официальной форме.</translation>
    </message>
    <message>
        <source>Show the selected application: data, history and deadline.</source>
        <translation>Показать выбранное заявление: данные, историю и срок.</translation>
    </message>
    <message>
        <source>Select an application in the list first.</source>
        <translation>Сначала выберите заявление в списке.</translation>
    </message>
    <message>
        <source>Only an approved application for a certificate can be issued; this one is %1.</source>
        <translation>Регистрационное свидетельство выдаётся только по одобренному заявлению на его выдачу; статус этого заявления — %1.</translation>
    </message>
    <message>
        <source>Issue the certificate of the selected application.</source>
        <translation>Выдать регистрационное свидетельство по выбранному заявлению.</translation>
    </message>
    <message>
        <source>Carry out &amp;revocation…</source>
        <translation>Исполнить &amp;отзыв…</translation>
    </message>
    <message>
        <source>Only an approved revocation application can be carried out; this one is %1.</source>
        <translation>Исполнить можно только одобренное заявление на отзыв; это заявление: %1.</translation>
    </message>
    <message>
        <source>Revoke every certificate the selected revocation application names.</source>
        <translation>Отозвать все регистрационные свидетельства, указанные в выбранном заявлении на отзыв.</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Application %1 will be carried out: these certificates are revoked for good, on the basis of the holder&apos;s application, and the application is done.

%2</source>
        <translation>Заявление №%1 будет исполнено: эти регистрационные свидетельства отзываются окончательно на основании заявления владельца, заявление будет отмечено как исполненное.

%2</translation>
    </message>
    <message>
        <source>Carry out revocation</source>
        <translation>Исполнение отзыва</translation>
    </message>
    <message>
        <source>CA key</source>
        <translation>Ключ УЦ</translation>
    </message>
    <message>
        <source>A compromised key is published at once in a delta CRL: the passphrase of the %1 CA key.</source>
        <translation>Скомпрометированный ключ сразу публикуется в дельта-СОРС: парольная фраза ключа УЦ %1.</translation>
    </message>
    <message>
        <source>Application %1 carried out: %2 revoked.</source>
        <translation>Заявление №%1 исполнено: отозвано %2.</translation>
    </message>
    <message>
        <source>Delta CRL number %1 published.</source>
        <translation>Опубликован дельта-СОРС №%1.</translation>
    </message>
    <message>
        <source>A revocation is being carried out.</source>
        <translation>Выполняется отзыв.</translation>
    </message>
    <message>
        <source>Carrying out application %1 and publishing the CRL…</source>
        <translation>Исполнение заявления %1 и публикация СОРС…</translation>
    </message>
    <message>
        <source>Carrying out application %1…</source>
        <translation>Исполнение заявления %1…</translation>
    </message>
    <message>
        <source>My &amp;drafts (%1)…</source>
        <translation>Мои &amp;черновики (%1)…</translation>
    </message>
    <message>
        <source>Applications you started typing and did not register yet.</source>
        <translation>Заявления, которые вы начали набирать и ещё не зарегистрировали.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::ExpiringPage</name>
    <message>
        <source>Expiring</source>
        <translation>Истекающие</translation>
    </message>
    <message>
        <source>Valid certificates that expire within the next</source>
        <translation>Действующие регистрационные свидетельства, срок которых истекает в ближайшие</translation>
    </message>
    <message>
        <source> days</source>
        <translation> дн.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::FieldEditor</name>
    <message>
        <source>— choose —</source>
        <translation>— выберите —</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Обязательное поле</translation>
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
        <translation>шестнадцатеричное число, например 4F:2A:9C:01</translation>
    </message>
    <message>
        <source>Foreign national&apos;s IIN.</source>
        <translation>ИИН иностранного гражданина.</translation>
    </message>
    <message>
        <source>From the IIN: born %1, male (compare with the identity document).</source>
        <translation>По ИИН: дата рождения %1, мужской пол (сверьте с документом, удостоверяющим личность).</translation>
    </message>
    <message>
        <source>From the IIN: born %1, female (compare with the identity document).</source>
        <translation>По ИИН: дата рождения %1, женский пол (сверьте с документом, удостоверяющим личность).</translation>
    </message>
    <message>
        <source>From the IIN: born %1 (compare with the identity document).</source>
        <translation>По ИИН: дата рождения %1 (сверьте с документом, удостоверяющим личность).</translation>
    </message>
    <message>
        <source>resident legal entity</source>
        <translation>юридическое лицо — резидент</translation>
    </message>
    <message>
        <source>non-resident legal entity</source>
        <translation>юридическое лицо — нерезидент</translation>
    </message>
    <message>
        <source>joint individual entrepreneur</source>
        <translation>совместное индивидуальное предпринимательство</translation>
    </message>
    <message>
        <source>head office</source>
        <translation>головное подразделение</translation>
    </message>
    <message>
        <source>branch</source>
        <translation>филиал</translation>
    </message>
    <message>
        <source>representative office</source>
        <translation>представительство</translation>
    </message>
    <message>
        <source>farm</source>
        <translation>крестьянское (фермерское) хозяйство</translation>
    </message>
    <message>
        <source>From the BIN: registered %1.%2, %3, %4.</source>
        <translation>По БИН: дата регистрации %1.%2, %3, %4.</translation>
    </message>
    <message>
        <source>%1 of at most %2 characters.</source>
        <translation>Символов: %1 (допускается не более %2).</translation>
    </message>
    <message>
        <source>A Kazakh name: did you mean &quot;%1&quot; (Kazakh letter І instead of Latin I)?</source>
        <translation>Казахское имя: возможно, имелось в виду «%1» (казахская буква І вместо латинской I)?</translation>
    </message>
    <message>
        <source>Use &quot;%1&quot;</source>
        <translation>Использовать «%1»</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: &quot;%2&quot; is not a date. Type it as dd.mm.yyyy or ddmmyyyy, e.g. 15.03.2020.</source>
        <translation>«%1»: «%2» — не дата. Введите её как дд.мм.гггг или ддммгггг, например 15.03.2020.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::FileDialogs</name>
    <message>
        <source>Folder</source>
        <translation>Папка</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <source>%1 file</source>
        <translation>Файл %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::FirstAdminDialog</name>
    <message>
        <source>Tirkeu — first administrator</source>
        <translation>Tirkeu — первый администратор</translation>
    </message>
    <message>
        <source>This register has no operators yet. Create the first administrator: this account adds the other operators and the certification authorities.</source>
        <translation>В этом реестре ещё нет операторов. Создайте первого администратора: с этой учётной записи добавляются остальные операторы и удостоверяющие центры.</translation>
    </message>
    <message>
        <source>Register: %1</source>
        <translation>Реестр: %1</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Логин:</translation>
    </message>
    <message>
        <source>Latin lowercase letters, e.g. g.zhumabayeva</source>
        <translation>Строчные латинские буквы, например g.zhumabayeva</translation>
    </message>
    <message>
        <source>&amp;Full name:</source>
        <translation>&amp;Фамилия, имя, отчество:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Пароль:</translation>
    </message>
    <message>
        <source>at least %1 characters</source>
        <translation>не менее %1 символов</translation>
    </message>
    <message>
        <source>&amp;Repeat password:</source>
        <translation>П&amp;овтор пароля:</translation>
    </message>
    <message>
        <source>&amp;Create administrator</source>
        <translation>&amp;Создать администратора</translation>
    </message>
    <message>
        <source>The two passwords differ. Type the same password twice.</source>
        <translation>Пароли не совпадают. Введите один и тот же пароль дважды.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::FormPage</name>
    <message>
        <source>Person %1: %2</source>
        <translation>Лицо № %1: %2</translation>
    </message>
    <message>
        <source>This IIN is in the register: %1. Fill in the form with the data on record?</source>
        <translation>Этот ИИН есть в реестре: %1. Заполнить форму имеющимися данными?</translation>
    </message>
    <message>
        <source>This BIN is in the register: %1. Fill in the form with the data on record?</source>
        <translation>Этот БИН есть в реестре: %1. Заполнить форму имеющимися данными?</translation>
    </message>
    <message>
        <source>Fill in</source>
        <translation>Заполнить</translation>
    </message>
    <message>
        <source>Persons listed in the letter</source>
        <translation>Лица, указанные в письме</translation>
    </message>
    <message>
        <source>Form of appendix %1 to the rules in appendix %2 of order No. 348 of 10 December 2010. Fields marked * are required.</source>
        <translation>Форма согласно приложению %1 к правилам, утвержденным приложением %2 к приказу № 348 от 10 декабря 2010 года. Поля, отмеченные *, обязательны для заполнения.</translation>
    </message>
    <message>
        <source>Fields marked * are required.</source>
        <translation>Поля, отмеченные *, обязательны для заполнения.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::GuiApp</name>
    <message>
        <source>Tirkeu: the back office of a certification authority.</source>
        <translation>Tirkeu — система учёта удостоверяющего центра.</translation>
    </message>
    <message>
        <source>Tirkeu</source>
        <translation>Tirkeu</translation>
    </message>
    <message>
        <source>Tirkeu cannot open the register</source>
        <translation>Tirkeu: не удаётся открыть реестр</translation>
    </message>
    <message>
        <source>Tirkeu cannot read the register</source>
        <translation>Tirkeu: не удаётся прочитать реестр</translation>
    </message>
    <message>
        <source>The register to open: a SQLite file (created on first start) or postgresql://user@host:port/database. Default: $TIRKEU_DB, else %1.</source>
        <translation>Открываемый реестр: файл SQLite (создаётся при первом запуске) или postgresql://user@host:port/database. По умолчанию — $TIRKEU_DB, иначе %1.</translation>
    </message>
    <message>
        <source>PATH|URL</source>
        <translation>PATH|URL</translation>
    </message>
    <message>
        <source>The register %1 is damaged (%2). Tirkeu opens it for reading only: nothing can be saved. Ask the administrator to restore the last good backup.</source>
        <translation>Реестр %1 повреждён (%2). Tirkeu открывает его только для чтения: сохранить ничего нельзя. Попросите администратора восстановить последнюю исправную резервную копию.</translation>
    </message>
    <message>
        <source>Tirkeu: damaged register</source>
        <translation>Tirkeu: повреждённый реестр</translation>
    </message>
    <message>
        <source>The register %1 was moved to %2 (db migrate). Tirkeu opens it for reading only: nothing can be saved. Open the register at %2 instead.</source>
        <translation>Реестр %1 перенесён в %2 (db migrate). Tirkeu открывает его только для чтения: ничего нельзя сохранить. Откройте вместо него реестр %2.</translation>
    </message>
    <message>
        <source>Tirkeu: moved register</source>
        <translation>Tirkeu: перенесённый реестр</translation>
    </message>
    <message>
        <source>The register %1 is the copy of %2 that a db migrate was making when it stopped. Tirkeu opens it for reading only: nothing can be saved. Ask the administrator to run the same db migrate again.</source>
        <translation>Реестр %1 — копия %2, которую создавала остановившаяся команда db migrate. Tirkeu открывает его только для чтения: сохранить ничего нельзя. Попросите администратора запустить ту же команду db migrate ещё раз.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::IssuanceDialog</name>
    <message>
        <source>Certificate request of the holder</source>
        <translation>Запрос владельца на регистрационное свидетельство</translation>
    </message>
    <message>
        <source>Certificate requests (*.csr *.req *.p10 *.pem *.der);;All files (*)</source>
        <translation>Запросы на регистрационное свидетельство (*.csr *.req *.p10 *.pem *.der);;Все файлы (*)</translation>
    </message>
    <message>
        <source>CA key</source>
        <translation>Ключ УЦ</translation>
    </message>
    <message>
        <source>Passphrase of the CA key, to sign the certificate for application %1:</source>
        <translation>Парольная фраза ключа УЦ для подписания регистрационного свидетельства по заявлению %1:</translation>
    </message>
    <message>
        <source>Save the certificate</source>
        <translation>Сохранение регистрационного свидетельства</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt)</source>
        <translation>Регистрационные свидетельства PEM (*.pem *.crt)</translation>
    </message>
    <message>
        <source>DER certificates (*.cer *.der)</source>
        <translation>Регистрационные свидетельства DER (*.cer *.der)</translation>
    </message>
    <message>
        <source>Not saved to a file yet: the certificate is in the register; use Save to write it.</source>
        <translation>В файл пока не сохранено: регистрационное свидетельство внесено в реестр; чтобы записать его в файл, нажмите «Сохранить в файл».</translation>
    </message>
    <message>
        <source>The certificate could not be saved to %1: %2</source>
        <translation>Не удалось сохранить регистрационное свидетельство в %1: %2</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>Сохранено в %1.</translation>
    </message>
    <message>
        <source>Your role (%1) may not %2.</source>
        <translation>Ваша роль (%1) не позволяет %2.</translation>
    </message>
    <message>
        <source>The certificate of this application is issued.</source>
        <translation>Регистрационное свидетельство по этому заявлению выдано.</translation>
    </message>
    <message>
        <source>Choose the holder&apos;s certificate request first.</source>
        <translation>Сначала выберите запрос владельца на регистрационное свидетельство.</translation>
    </message>
    <message>
        <source>Sign the certificate with the CA key.</source>
        <translation>Подписать регистрационное свидетельство ключом УЦ.</translation>
    </message>
    <message>
        <source>Issue the certificate of application %1</source>
        <translation>Выдача регистрационного свидетельства по заявлению %1</translation>
    </message>
    <message>
        <source>From the holder&apos;s certificate request (CSR file)</source>
        <translation>По запросу владельца на регистрационное свидетельство (файл CSR)</translation>
    </message>
    <message>
        <source>&amp;Request file:</source>
        <translation>&amp;Файл запроса:</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>&amp;Выбрать…</translation>
    </message>
    <message>
        <source>Certificate &amp;format:</source>
        <translation>Фор&amp;мат файла:</translation>
    </message>
    <message>
        <source>PEM (text, .pem)</source>
        <translation>PEM (текст, .pem)</translation>
    </message>
    <message>
        <source>DER (binary, .cer)</source>
        <translation>DER (двоичный, .cer)</translation>
    </message>
    <message>
        <source>&amp;Issue</source>
        <translation>Вы&amp;дать</translation>
    </message>
    <message>
        <source>&amp;Save certificate…</source>
        <translation>&amp;Сохранить в файл…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Закрыть</translation>
    </message>
    <message>
        <source>Folder for the key files and certificates of the letter</source>
        <translation>Папка для файлов ключей и регистрационных свидетельств по письму</translation>
    </message>
    <message>
        <source>The holder types the password for the key file, twice.</source>
        <translation>Владелец вводит пароль к файлу ключа дважды.</translation>
    </message>
    <message>
        <source>The holder&apos;s password must have at least %1 characters.</source>
        <translation>Пароль владельца должен содержать не менее %1 символов.</translation>
    </message>
    <message>
        <source>The two passwords differ: the holder types the same password twice.</source>
        <translation>Пароли не совпадают: владелец должен дважды ввести один и тот же пароль.</translation>
    </message>
    <message>
        <source>Save the holder&apos;s key (PKCS#12) to the key media</source>
        <translation>Сохранение ключа владельца (PKCS#12) на ключевой носитель</translation>
    </message>
    <message>
        <source>PKCS#12 key files (*.p12 *.pfx)</source>
        <translation>Файлы ключей PKCS#12 (*.p12 *.pfx)</translation>
    </message>
    <message>
        <source>The file %1 already exists; choose another name: a key file is never replaced.</source>
        <translation>Файл %1 уже существует; выберите другое имя: файл ключа никогда не заменяется.</translation>
    </message>
    <message>
        <source>The folder of %1 cannot be written to.</source>
        <translation>Папка файла %1 недоступна для записи.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist or cannot be written to.</source>
        <translation>Папка %1 не существует или недоступна для записи.</translation>
    </message>
    <message>
        <source>The file %1 already exists; choose another folder: key files are never replaced.</source>
        <translation>Файл %1 уже существует; выберите другую папку: файлы ключей никогда не заменяются.</translation>
    </message>
    <message numerus="yes">
        <source>Passphrase of the CA key, to sign %n certificate(s) of the letter %1:</source>
        <translation>
            <numerusform>Парольная фраза ключа УЦ для подписания %n регистрационного свидетельства по письму %1:</numerusform>
            <numerusform>Парольная фраза ключа УЦ для подписания %n регистрационных свидетельств по письму %1:</numerusform>
            <numerusform>Парольная фраза ключа УЦ для подписания %n регистрационных свидетельств по письму %1:</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, key media %2</source>
        <translation>%1, ключевой носитель %2</translation>
    </message>
    <message>
        <source>not issued: cancelled</source>
        <translation>не выдано: отменено</translation>
    </message>
    <message>
        <source>not issued</source>
        <translation>не выдано</translation>
    </message>
    <message>
        <source>Letter %1: %2 certificate(s) issued, %3 refused.</source>
        <translation>Письмо %1: выдано регистрационных свидетельств: %2, отказано: %3.</translation>
    </message>
    <message>
        <source>Cancelled: the remaining persons were not issued.</source>
        <translation>Отменено: остальным лицам регистрационные свидетельства не выданы.</translation>
    </message>
    <message>
        <source>Every person of the letter has a certificate: the application is done.</source>
        <translation>Регистрационные свидетельства получили все лица, указанные в письме: заявление исполнено.</translation>
    </message>
    <message>
        <source>The letter is not complete yet: persons without a certificate remain.</source>
        <translation>Письмо ещё не исполнено полностью: остались лица без регистрационного свидетельства.</translation>
    </message>
    <message>
        <source>Key files and certificates are in %1, named after each person&apos;s IIN.</source>
        <translation>Файлы ключей и регистрационных свидетельств находятся в %1; имя каждого файла — ИИН лица.</translation>
    </message>
    <message>
        <source>The holder&apos;s key (PKCS#12, key media %1) is written to %2; it is kept nowhere else.</source>
        <translation>Ключ владельца (PKCS#12, ключевой носитель %1) записан в %2; больше он нигде не хранится.</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>не указан</translation>
    </message>
    <message>
        <source>The replaced certificate %1 is revoked (superseded).</source>
        <translation>Заменённое регистрационное свидетельство %1 отозвано (причина: замена).</translation>
    </message>
    <message>
        <source>Every person of this letter has a certificate.</source>
        <translation>Регистрационные свидетельства получили все лица, указанные в этом письме.</translation>
    </message>
    <message>
        <source>Choose the folder for the key files first.</source>
        <translation>Сначала выберите папку для файлов ключей.</translation>
    </message>
    <message>
        <source>Generate the key, sign the certificate with the CA key and write the key file.</source>
        <translation>Сгенерировать ключ, подписать регистрационное свидетельство ключом УЦ и записать файл ключа.</translation>
    </message>
    <message>
        <source>Application %1 (%2, %3): %4. Status: %5.</source>
        <translation>Заявление %1 (%2, %3): %4. Статус: %5.</translation>
    </message>
    <message numerus="yes">
        <source>A letter for %n person(s): each gets a key of their own.</source>
        <translation>
            <numerusform>Письмо на %n лицо: каждому генерируется собственный ключ.</numerusform>
            <numerusform>Письмо на %n лица: каждому генерируется собственный ключ.</numerusform>
            <numerusform>Письмо на %n лиц: каждому генерируется собственный ключ.</numerusform>
        </translation>
    </message>
    <message>
        <source>It replaces certificate %1 (re-issue).</source>
        <translation>Заявление заменяет регистрационное свидетельство %1 (перевыпуск).</translation>
    </message>
    <message>
        <source>Generate the key pair onto the key media (PKCS#12 file)</source>
        <translation>Сгенерировать ключевую пару на ключевом носителе (файл PKCS#12)</translation>
    </message>
    <message>
        <source>Key &amp;algorithm:</source>
        <translation>&amp;Алгоритм ключа:</translation>
    </message>
    <message>
        <source>Holder&apos;s &amp;password:</source>
        <translation>&amp;Пароль владельца:</translation>
    </message>
    <message>
        <source>Password a&amp;gain:</source>
        <translation>П&amp;овтор пароля:</translation>
    </message>
    <message>
        <source>Key &amp;media serial:</source>
        <translation>Серийный &amp;номер ключевого носителя:</translation>
    </message>
    <message>
        <source>required by the Government Bodies CA</source>
        <translation>обязателен для УЦ государственных органов</translation>
    </message>
    <message>
        <source>Every person of the letter: one generated key each (PKCS#12 files)</source>
        <translation>Все лица, указанные в письме: каждому генерируется свой ключ (файлы PKCS#12)</translation>
    </message>
    <message>
        <source>Key a&amp;lgorithm:</source>
        <translation>А&amp;лгоритм ключа:</translation>
    </message>
    <message>
        <source>Output &amp;folder:</source>
        <translation>Пап&amp;ка для файлов:</translation>
    </message>
    <message>
        <source>Ch&amp;oose…</source>
        <translation>Выб&amp;рать…</translation>
    </message>
    <message>
        <source>Revoke the replaced certificate %1 (superseded) in the same step</source>
        <translation>Отозвать заменяемое регистрационное свидетельство %1 (причина: замена) на том же шаге</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Certificate request of the holder&apos;s authentication key</source>
        <translation>Запрос на регистрационное свидетельство для ключа аутентификации владельца</translation>
    </message>
    <message>
        <source>Save the holder&apos;s authentication key (PKCS#12) to the key media</source>
        <translation>Сохранение ключа аутентификации владельца (PKCS#12) на ключевой носитель</translation>
    </message>
    <message>
        <source>Passphrase of the CA key, to sign the signing and the authentication certificates for application %1:</source>
        <translation>Парольная фраза ключа УЦ, чтобы подписать регистрационные свидетельства подписи и аутентификации по заявлению %1:</translation>
    </message>
    <message>
        <source>Certificate %1 (%2) issued for %3, valid %4 – %5.</source>
        <translation>Регистрационное свидетельство %1 (%2) выдано для %3, срок действия: %4 – %5.</translation>
    </message>
    <message>
        <source>The application asks for signing and authentication: choose the request of the authentication key too (each certificate has its own key).</source>
        <translation>В заявлении запрошены подписание и аутентификация: выберите также запрос ключа аутентификации (у каждого регистрационного свидетельства свой ключ).</translation>
    </message>
    <message>
        <source>It asks for signing and authentication: both certificates are issued now, each with its own key.</source>
        <translation>В заявлении запрошены подписание и аутентификация: сейчас выдаются оба регистрационных свидетельства, каждое со своим ключом.</translation>
    </message>
    <message>
        <source>A&amp;uthentication request:</source>
        <translation>Запрос для &amp;аутентификации:</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <source>Si&amp;gning request:</source>
        <translation>Запрос для &amp;подписания:</translation>
    </message>
    <message>
        <source>Who receives the key media (the employee named in the body&apos;s internal order)</source>
        <translation>Кто получает ключевой носитель (сотрудник, названный во внутреннем приказе органа)</translation>
    </message>
    <message>
        <source>Employee&apos;s full &amp;name:</source>
        <translation>&amp;ФИО сотрудника:</translation>
    </message>
    <message>
        <source>Pos&amp;ition:</source>
        <translation>&amp;Должность:</translation>
    </message>
    <message>
        <source>Internal order &amp;number:</source>
        <translation>&amp;Номер внутреннего приказа:</translation>
    </message>
    <message>
        <source>Internal order &amp;date:</source>
        <translation>Д&amp;ата внутреннего приказа:</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>ГГГГ-ММ-ДД</translation>
    </message>
    <message>
        <source>Reason for an outside &amp;request:</source>
        <translation>Причина внешнего &amp;запроса:</translation>
    </message>
    <message>
        <source>only from a request file, where the rules in force allow it; recorded with the certificate</source>
        <translation>только из файла запроса, если это позволяют действующие правила; записывается вместе со свидетельством</translation>
    </message>
    <message>
        <source>At the Government Bodies CA the key is generated onto the key media here: that way is preselected.</source>
        <translation>В УЦ государственных органов ключ создаётся здесь на ключевом носителе: этот способ выбран заранее.</translation>
    </message>
    <message>
        <source>The application names a token as the key media: the holder&apos;s request made on the token is preselected.</source>
        <translation>В заявлении ключевым носителем указан токен: заранее выбран запрос владельца, созданный на токене.</translation>
    </message>
    <message>
        <source>The application names a file as the key media: a key generated here into a PKCS#12 file is preselected.</source>
        <translation>В заявлении ключевым носителем указан файл: заранее выбран ключ, создаваемый здесь в файл PKCS#12.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::IssueRunner</name>
    <message numerus="yes">
        <source>Issuing %n certificate(s)…</source>
        <translation>
            <numerusform>Выпуск %n регистрационного свидетельства…</numerusform>
            <numerusform>Выпуск %n регистрационных свидетельств…</numerusform>
            <numerusform>Выпуск %n регистрационных свидетельств…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %n certificate(s); the others were not issued.</source>
        <translation>
            <numerusform>Отменено после %n регистрационного свидетельства; остальные не выпущены.</numerusform>
            <numerusform>Отменено после %n регистрационных свидетельств; остальные не выпущены.</numerusform>
            <numerusform>Отменено после %n регистрационных свидетельств; остальные не выпущены.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 certificate(s) done.</source>
        <translation>Готово: %1 из %2 регистрационных свидетельств.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::JobProgressDialog</name>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Stopping after the current step…</source>
        <translation>Остановка после текущего шага…</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::KeyBackupDialog</name>
    <message>
        <source>Key backups (*.backup)</source>
        <translation>Резервные копии ключей (*.backup)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Back up the key of the CA %1</source>
        <translation>Резервное копирование ключа УЦ %1</translation>
    </message>
    <message>
        <source>The key is written encrypted; its data key is split into one share per custodian, and any %1 shares restore it. Name each custodian (full name, position and organisation); hand each one share file against a signature on the printed hand-over record.</source>
        <translation>Ключ записывается зашифрованным; его ключ данных делится на доли, по одной на хранителя, и любые %1 доли восстанавливают его. Укажите каждого хранителя (ФИО, должность и организация); выдайте каждому один файл доли под подпись в распечатанном акте приёма-передачи.</translation>
    </message>
    <message>
        <source>Custodians (shares):</source>
        <translation>Хранители (доли):</translation>
    </message>
    <message>
        <source>Shares needed to restore:</source>
        <translation>Долей для восстановления:</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Папка:</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>ФИО</translation>
    </message>
    <message>
        <source>Position and organisation</source>
        <translation>Должность и организация</translation>
    </message>
    <message>
        <source>&amp;Back up</source>
        <translation>&amp;Создать копию</translation>
    </message>
    <message>
        <source>Restore the key of the CA %1</source>
        <translation>Восстановление ключа УЦ %1</translation>
    </message>
    <message>
        <source>A new encrypted key file from the backup and enough custodians&apos; shares. The key must match the CA&apos;s certificate; too few, foreign or altered shares are refused and nothing is written.</source>
        <translation>Новый зашифрованный файл ключа из резервной копии и достаточного числа долей хранителей. Ключ должен соответствовать свидетельству УЦ; недостаточные, чужие или изменённые доли отклоняются, и ничего не записывается.</translation>
    </message>
    <message>
        <source>Backup file:</source>
        <translation>Файл резервной копии:</translation>
    </message>
    <message>
        <source>Share files:</source>
        <translation>Файлы долей:</translation>
    </message>
    <message>
        <source>&amp;Add share…</source>
        <translation>&amp;Добавить долю…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>New key file:</source>
        <translation>Новый файл ключа:</translation>
    </message>
    <message>
        <source>New passphrase:</source>
        <translation>Новая парольная фраза:</translation>
    </message>
    <message>
        <source>Passphrase again:</source>
        <translation>Парольная фраза ещё раз:</translation>
    </message>
    <message>
        <source>at least 12 characters</source>
        <translation>не менее 12 символов</translation>
    </message>
    <message>
        <source>From now on the CA signs with the restored key file</source>
        <translation>Отныне УЦ подписывает восстановленным файлом ключа</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>&amp;Восстановить</translation>
    </message>
    <message>
        <source>Key shares (*.share)</source>
        <translation>Доли ключа (*.share)</translation>
    </message>
    <message>
        <source>Name the custodian of share %1: full name and position.</source>
        <translation>Укажите хранителя доли %1: ФИО и должность.</translation>
    </message>
    <message>
        <source>Passphrase of the key of the CA %1:</source>
        <translation>Парольная фраза ключа УЦ %1:</translation>
    </message>
    <message>
        <source>Key of the CA %1 (SHA-256 %2) backed up as %3; any %4 of these %5 shares restore it. Give each custodian one share file and delete it here:</source>
        <translation>Ключ УЦ %1 (SHA-256 %2) сохранён как %3; любые %4 из этих %5 долей восстанавливают его. Выдайте каждому хранителю один файл доли и удалите его здесь:</translation>
    </message>
    <message>
        <source>Hand-over record to print and sign: %1</source>
        <translation>Акт приёма-передачи для печати и подписи: %1</translation>
    </message>
    <message>
        <source>Add the custodians&apos; share files (one per share).</source>
        <translation>Добавьте файлы долей хранителей (по одному на долю).</translation>
    </message>
    <message>
        <source>The two passphrases differ; type the same passphrase twice.</source>
        <translation>Парольные фразы различаются; введите одну и ту же фразу дважды.</translation>
    </message>
    <message>
        <source>The key of the CA %1 (SHA-256 %2) is restored to %3 from the shares %4.</source>
        <translation>Ключ УЦ %1 (SHA-256 %2) восстановлен в %3 из долей %4.</translation>
    </message>
    <message>
        <source>The CA now signs with this file.</source>
        <translation>Теперь УЦ подписывает этим файлом.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::KeyBackupsDialog</name>
    <message>
        <source>Save a copy of the hand-over record</source>
        <translation>Сохранить копию акта передачи</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Документы PDF (*.pdf)</translation>
    </message>
    <message>
        <source>A copy of the hand-over record is saved to %1.</source>
        <translation>Копия акта передачи сохранена в %1.</translation>
    </message>
    <message>
        <source>Key backups of the CA %1</source>
        <translation>Резервные копии ключа УЦ %1</translation>
    </message>
    <message>
        <source>The CA %1 has no recorded key backup.</source>
        <translation>У УЦ %1 нет записанных резервных копий ключа.</translation>
    </message>
    <message>
        <source>Each backup as the event log records it. If the signed hand-over record of a backup is lost, print a copy of it for the custodians to sign again.</source>
        <translation>Каждая резервная копия в том виде, как она записана в журнале событий. Если подписанный акт передачи частей копии утерян, напечатайте его копию, чтобы хранители подписали её снова.</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Создана</translation>
    </message>
    <message>
        <source>Shares needed / all</source>
        <translation>Частей для восстановления / всего</translation>
    </message>
    <message>
        <source>Made by</source>
        <translation>Создал</translation>
    </message>
    <message>
        <source>Custodians</source>
        <translation>Хранители</translation>
    </message>
    <message>
        <source>Folder, or why not written</source>
        <translation>Папка или причина, по которой не записаны</translation>
    </message>
    <message>
        <source>Print the hand-over record again…</source>
        <translation>Напечатать акт передачи повторно…</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::LetterIssueTable</name>
    <message>
        <source>Person %1: the holder types the password for the key file (twice).</source>
        <translation>Лицо № %1: владелец вводит пароль к файлу ключа (дважды).</translation>
    </message>
    <message>
        <source>Person %1: the password must have at least %2 characters.</source>
        <translation>Лицо № %1: пароль должен содержать не менее %2 символов.</translation>
    </message>
    <message>
        <source>Person %1: the two passwords differ.</source>
        <translation>Лицо № %1: пароли не совпадают.</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Лицо</translation>
    </message>
    <message>
        <source>IIN</source>
        <translation>ИИН</translation>
    </message>
    <message>
        <source>Key media serial</source>
        <translation>Серийный номер ключевого носителя</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>Повтор пароля</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>serial of the token</source>
        <translation>серийный номер токена</translation>
    </message>
    <message>
        <source>typed by the holder</source>
        <translation>вводит владелец</translation>
    </message>
    <message>
        <source>once more</source>
        <translation>ещё раз</translation>
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
        <translation>&amp;Реестр</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Основная панель инструментов</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Обновить</translation>
    </message>
    <message>
        <source>Read the queue and the register again (%1)</source>
        <translation>Заново прочитать очередь и реестр (%1)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>Заявления</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Реестр</translation>
    </message>
    <message>
        <source>Signed in: %1 (%2), %3</source>
        <translation>Вход выполнен: %1 (%2), %3</translation>
    </message>
    <message>
        <source>Read again at %1.</source>
        <translation>Данные обновлены в %1.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>The translation &quot;%1&quot; is not available; the interface is shown in English.</source>
        <translation>Перевод «%1» недоступен; интерфейс показан на английском языке.</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Отчёты</translation>
    </message>
    <message>
        <source>Session ended</source>
        <translation>Сеанс завершён</translation>
    </message>
    <message>
        <source>Sign &amp;out…</source>
        <translation>&amp;Выйти…</translation>
    </message>
    <message>
        <source>End this session and sign in as another operator, without quitting</source>
        <translation>Завершить этот сеанс и войти другим оператором, не выходя из программы</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Настройки</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>&amp;Getting started</source>
        <translation>&amp;Начало работы</translation>
    </message>
    <message>
        <source>&amp;About Tirkeu</source>
        <translation>&amp;О программе Tirkeu</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>Журнал событий</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>Notices</source>
        <translation>Уведомления</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::NewApplicationDialog</name>
    <message>
        <source>Choose the CA and the form.</source>
        <translation>Выберите УЦ и форму.</translation>
    </message>
    <message>
        <source>Everything the form requires is there. Save registers the application.</source>
        <translation>Все обязательные сведения формы заполнены. Нажмите «Сохранить», чтобы зарегистрировать заявление.</translation>
    </message>
    <message>
        <source>Register the application; it goes to the queue for approval by an officer.</source>
        <translation>Зарегистрировать заявление; оно поступит в очередь на одобрение сотрудником УЦ.</translation>
    </message>
    <message>
        <source>Before saving:</source>
        <translation>Перед сохранением:</translation>
    </message>
    <message>
        <source>Not yet: %1</source>
        <translation>Сохранение пока невозможно: %1</translation>
    </message>
    <message>
        <source>Application No. %1 is registered: received %2 by %3.</source>
        <translation>Заявление № %1 зарегистрировано: принято %2, оператор %3.</translation>
    </message>
    <message>
        <source>Legal deadline: %1.</source>
        <translation>Установленный законом срок: %1.</translation>
    </message>
    <message>
        <source>It is now in the queue for approval by another officer.</source>
        <translation>Теперь оно находится в очереди на одобрение другим сотрудником УЦ.</translation>
    </message>
    <message>
        <source>Application No. %1 is registered.</source>
        <translation>Заявление № %1 зарегистрировано.</translation>
    </message>
    <message>
        <source>New application</source>
        <translation>Новое заявление</translation>
    </message>
    <message>
        <source>Step 1 of 3: the CA and the form</source>
        <translation>Шаг 1 из 3: УЦ и форма</translation>
    </message>
    <message>
        <source>Step 2 of 3: the form</source>
        <translation>Шаг 2 из 3: форма</translation>
    </message>
    <message>
        <source>Step 3 of 3: consent and attachments</source>
        <translation>Шаг 3 из 3: согласие и приложения</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Сохранено</translation>
    </message>
    <message>
        <source>&amp;CA:</source>
        <translation>&amp;УЦ:</translation>
    </message>
    <message>
        <source>&amp;Form:</source>
        <translation>&amp;Форма:</translation>
    </message>
    <message numerus="yes">
        <source>Legal deadline: %n working day(s) from receipt.</source>
        <translation>
            <numerusform>Установленный законом срок: %n рабочий день с момента поступления.</numerusform>
            <numerusform>Установленный законом срок: %n рабочих дня с момента поступления.</numerusform>
            <numerusform>Установленный законом срок: %n рабочих дней с момента поступления.</numerusform>
        </translation>
    </message>
    <message>
        <source>A letter listing persons, with a personal attachment for each.</source>
        <translation>Письмо со списком лиц и персональным приложением на каждое из них.</translation>
    </message>
    <message>
        <source>This CA has no forms.</source>
        <translation>Для этого УЦ нет форм.</translation>
    </message>
    <message>
        <source>Check the documents the applicant handed in, and record the consent.</source>
        <translation>Проверьте документы, представленные заявителем, и зафиксируйте согласие.</translation>
    </message>
    <message>
        <source>The applicant consented to the processing of personal data</source>
        <translation>Заявитель дал согласие на обработку персональных данных</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Приложения</translation>
    </message>
    <message>
        <source>%1 (if applicable)</source>
        <translation>%1 (при наличии)</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; &amp;Назад</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>&amp;Далее &gt;</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Сохранить</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Закрыть</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>The CA %1 is not offered here.</source>
        <translation>УЦ %1 здесь недоступен.</translation>
    </message>
    <message>
        <source>The CA %1 has no form %2.</source>
        <translation>У УЦ %1 нет формы %2.</translation>
    </message>
    <message>
        <source>Application form filled in by the applicant</source>
        <translation>Форма заявления, заполненная заявителем</translation>
    </message>
    <message>
        <source>PDF forms (*.pdf);;All files (*)</source>
        <translation>Формы PDF (*.pdf);;Все файлы (*)</translation>
    </message>
    <message>
        <source>No CA of this register accepts the form %1.</source>
        <translation>Ни один УЦ этого реестра не принимает форму %1.</translation>
    </message>
    <message>
        <source>Re-issue of certificate %1</source>
        <translation>Перевыпуск регистрационного свидетельства %1</translation>
    </message>
    <message>
        <source>Re-issue: this application replaces certificate %1 of %2.</source>
        <translation>Перевыпуск: это заявление заменяет регистрационное свидетельство %1 УЦ %2.</translation>
    </message>
    <message>
        <source>Filled in from %1: check every field against the applicant&apos;s documents before saving.</source>
        <translation>Заполнено из %1: перед сохранением сверьте каждое поле с документами заявителя.</translation>
    </message>
    <message>
        <source>Open filled &amp;PDF…</source>
        <translation>&amp;Открыть заполненный PDF…</translation>
    </message>
    <message>
        <source>Read an application form the applicant filled in as a PDF; the form opens pre-filled.</source>
        <translation>Прочитать форму заявления, заполненную заявителем в формате PDF; форма откроется уже заполненной.</translation>
    </message>
    <message>
        <source>No required document is missing: clear &quot;documents missing&quot;.</source>
        <translation>Все обязательные документы имеются: снимите отметку «Отсутствуют обязательные документы».</translation>
    </message>
    <message>
        <source>How the holder was identified:</source>
        <translation>Способ идентификации владельца:</translation>
    </message>
    <message>
        <source>Required documents are missing: register as received, to be refused for that</source>
        <translation>Отсутствуют обязательные документы: зарегистрировать как поступившее, для отказа по этому основанию</translation>
    </message>
    <message numerus="yes">
        <source>The application is not registered yet. Keep what was typed as a draft (My drafts, kept %n day(s)), or discard it?</source>
        <translation>
            <numerusform>Заявление ещё не зарегистрировано. Сохранить набранное как черновик (Мои черновики, хранится %n день) или отказаться от него?</numerusform>
            <numerusform>Заявление ещё не зарегистрировано. Сохранить набранное как черновик (Мои черновики, хранится %n дня) или отказаться от него?</numerusform>
            <numerusform>Заявление ещё не зарегистрировано. Сохранить набранное как черновик (Мои черновики, хранится %n дней) или отказаться от него?</numerusform>
        </translation>
    </message>
    <message>
        <source>Keep as draft</source>
        <translation>Сохранить черновик</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Отказаться</translation>
    </message>
    <message>
        <source>Continue typing</source>
        <translation>Продолжить ввод</translation>
    </message>
    <message>
        <source>The draft could not be kept: %1</source>
        <translation>Не удалось сохранить черновик: %1</translation>
    </message>
    <message>
        <source>Draft kept at %1; it is in My drafts until the application is registered.</source>
        <translation>Черновик сохранён в %1; он в «Моих черновиках», пока заявление не зарегистрировано.</translation>
    </message>
    <message>
        <source>Draft of %1, last changed %2.</source>
        <translation>Черновик от %1, последнее изменение: %2.</translation>
    </message>
    <message>
        <source>Reading the PDF form…</source>
        <translation>Чтение формы PDF…</translation>
    </message>
    <message>
        <source>Reading the PDF form %1…</source>
        <translation>Чтение формы PDF %1…</translation>
    </message>
    <message>
        <source>Reading the PDF was cancelled: nothing was taken from it.</source>
        <translation>Чтение PDF отменено: из него ничего не взято.</translation>
    </message>
    <message>
        <source>The PDF could not be read.</source>
        <translation>Не удалось прочитать PDF.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::NoticesPage</name>
    <message>
        <source>sent %1</source>
        <translation>отправлено %1</translation>
    </message>
    <message>
        <source>failed, given up</source>
        <translation>не отправлено, попытки прекращены</translation>
    </message>
    <message>
        <source>queued, next attempt %1</source>
        <translation>в очереди, следующая попытка %1</translation>
    </message>
    <message>
        <source>expiry reminder</source>
        <translation>напоминание об окончании срока</translation>
    </message>
    <message>
        <source>revocation notice</source>
        <translation>уведомление об отзыве</translation>
    </message>
    <message>
        <source>No notices.</source>
        <translation>Уведомлений нет.</translation>
    </message>
    <message numerus="yes">
        <source>%n notice(s), newest first.</source>
        <translation>
            <numerusform>%n уведомление, сначала новые.</numerusform>
            <numerusform>%n уведомления, сначала новые.</numerusform>
            <numerusform>%n уведомлений, сначала новые.</numerusform>
        </translation>
    </message>
    <message>
        <source>Notices</source>
        <translation>Уведомления</translation>
    </message>
    <message numerus="yes">
        <source>%n expiry reminder(s) queued.</source>
        <translation>
            <numerusform>В очередь поставлено напоминаний об окончании срока: %n.</numerusform>
            <numerusform>В очередь поставлено напоминаний об окончании срока: %n.</numerusform>
            <numerusform>В очередь поставлено напоминаний об окончании срока: %n.</numerusform>
        </translation>
    </message>
    <message>
        <source>Revocation notices and expiry reminders to holders, by e-mail. A revocation notice is queued with the revocation itself; the scheduled job sends what is due and retries failures later.</source>
        <translation>Уведомления владельцам об отзыве и напоминания об окончании срока по электронной почте. Уведомление об отзыве ставится в очередь вместе с самим отзывом; плановое задание отправляет то, что пора, и позже повторяет неудачные попытки.</translation>
    </message>
    <message>
        <source>&amp;State:</source>
        <translation>&amp;Состояние:</translation>
    </message>
    <message>
        <source>all</source>
        <translation>все</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>в очереди</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>отправленные</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>неотправленные</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Обновить</translation>
    </message>
    <message>
        <source>Certificates ending &amp;within (days):</source>
        <translation>Свидетельства, истекающие &amp;в течение (дней):</translation>
    </message>
    <message>
        <source>&amp;Queue expiry reminders</source>
        <translation>&amp;Поставить напоминания в очередь</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>Серийный номер</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Кому</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Попытки</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Последняя ошибка</translation>
    </message>
    <message>
        <source>Queued at</source>
        <translation>Поставлено в очередь</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::PersonsEditor</name>
    <message>
        <source>Person %1 of the letter: personal attachment</source>
        <translation>Лицо № %1 из письма: персональное приложение</translation>
    </message>
    <message>
        <source>Add a person to the letter.</source>
        <translation>Добавьте лицо в письмо.</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>заполнено</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s)</source>
        <translation>
            <numerusform>%n замечание</numerusform>
            <numerusform>%n замечания</numerusform>
            <numerusform>%n замечаний</numerusform>
        </translation>
    </message>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Проверка</translation>
    </message>
    <message>
        <source>&amp;Add person</source>
        <translation>Доб&amp;авить лицо</translation>
    </message>
    <message>
        <source>Re&amp;move person</source>
        <translation>Удал&amp;ить лицо</translation>
    </message>
    <message>
        <source>Remove the selected person from the letter.</source>
        <translation>Удалить выбранное лицо из письма.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::PrintPreview</name>
    <message>
        <source>The document cannot be shown: %1 is not a readable PDF.</source>
        <translation>Документ нельзя показать: %1 — не читаемый PDF.</translation>
    </message>
    <message>
        <source>Preview — %1</source>
        <translation>Предварительный просмотр — %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::RegisterActions</name>
    <message>
        <source>&amp;Certificates</source>
        <translation>&amp;Свидетельства</translation>
    </message>
    <message>
        <source>&amp;Publish CRL…</source>
        <translation>&amp;Опубликовать СОРС…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Настройки…</translation>
    </message>
    <message>
        <source>Sign and publish a full or delta CRL of a CA.</source>
        <translation>Подписать и опубликовать полный СОРС или дельта-СОРС УЦ.</translation>
    </message>
    <message>
        <source>Your role (%1) may not %2.</source>
        <translation>Ваша роль (%1) не позволяет %2.</translation>
    </message>
    <message>
        <source>CAs, operators, retention periods and the working-day calendar.</source>
        <translation>УЦ, операторы, сроки хранения и календарь рабочих дней.</translation>
    </message>
    <message>
        <source>&amp;Issue from requests…</source>
        <translation>&amp;Выдача по запросам…</translation>
    </message>
    <message>
        <source>Issue the certificates of many approved applications from a folder of their holders&apos; requests.</source>
        <translation>Выдать свидетельства по многим одобренным заявлениям из папки запросов их владельцев.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::RegisterCheck</name>
    <message>
        <source>Checking the register %1 before the first change…</source>
        <translation>Проверка реестра %1 перед первым изменением…</translation>
    </message>
    <message>
        <source>Tirkeu: checking the register</source>
        <translation>Tirkeu: проверка реестра</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::RegisterHitModel</name>
    <message>
        <source>valid</source>
        <comment>certificate status</comment>
        <translation>действует</translation>
    </message>
    <message>
        <source>revoked</source>
        <comment>certificate status</comment>
        <translation>отозвано</translation>
    </message>
    <message>
        <source>no certificate</source>
        <translation>свидетельство не выдано</translation>
    </message>
    <message>
        <source>IIN/BIN</source>
        <translation>ИИН/БИН</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>Владелец</translation>
    </message>
    <message>
        <source>CA</source>
        <comment>certification authority</comment>
        <translation>УЦ</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>Серийный номер</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профиль</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>Действует с</translation>
    </message>
    <message>
        <source>Valid to</source>
        <translation>Действует до</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::RegisterInfoPage</name>
    <message>
        <source>Location:</source>
        <translation>Расположение:</translation>
    </message>
    <message>
        <source>Register ID:</source>
        <translation>ID реестра:</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>Создан:</translation>
    </message>
    <message>
        <source>Schema version:</source>
        <translation>Версия схемы:</translation>
    </message>
    <message>
        <source>Operators:</source>
        <translation>Операторов:</translation>
    </message>
    <message>
        <source>Certification authorities:</source>
        <translation>Удостоверяющих центров:</translation>
    </message>
    <message>
        <source>Applications:</source>
        <translation>Заявлений:</translation>
    </message>
    <message>
        <source>Certificates:</source>
        <translation>Регистрационных свидетельств:</translation>
    </message>
    <message>
        <source>Revocations:</source>
        <translation>Отзывов:</translation>
    </message>
    <message>
        <source>Events in the audit log:</source>
        <translation>Записей в журнале событий:</translation>
    </message>
    <message>
        <source>%1 (this program knows up to %2)</source>
        <translation>%1 (эта программа поддерживает версии до %2)</translation>
    </message>
    <message>
        <source>No CA yet — an administrator sets one up in Settings → CAs.</source>
        <translation>УЦ ещё нет — администратор настраивает его в Настройки → УЦ.</translation>
    </message>
    <message>
        <source>No applications yet — create one with New application.</source>
        <translation>Заявлений ещё нет — создайте заявление командой «Новое заявление».</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::RegisterSearchPage</name>
    <message>
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <source>&amp;Find:</source>
        <translation>&amp;Найти:</translation>
    </message>
    <message>
        <source>IIN, BIN, serial number or name (e.g. Қасымова Ә)</source>
        <translation>ИИН, БИН, серийный номер или имя (например, Қасымова Ә)</translation>
    </message>
    <message>
        <source>12 digits: IIN or BIN; hexadecimal digits: the serial number or its beginning; otherwise the beginning of the surname, then of the name. Capital and small letters are the same.</source>
        <translation>12 цифр — ИИН или БИН; шестнадцатеричные цифры — серийный номер или его начало; иначе — начало фамилии, затем имени. Регистр букв не учитывается.</translation>
    </message>
    <message>
        <source>anything</source>
        <translation>всё</translation>
    </message>
    <message>
        <source>IIN</source>
        <translation>ИИН</translation>
    </message>
    <message>
        <source>BIN</source>
        <translation>БИН</translation>
    </message>
    <message>
        <source>serial number</source>
        <translation>серийный номер</translation>
    </message>
    <message>
        <source>name</source>
        <translation>ФИО</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>П&amp;оиск</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::ReportsPage</name>
    <message>
        <source>&amp;Report:</source>
        <translation>&amp;Отчёт:</translation>
    </message>
    <message>
        <source>&amp;CA:</source>
        <translation>&amp;УЦ:</translation>
    </message>
    <message>
        <source>&amp;Period from:</source>
        <translation>&amp;Период с:</translation>
    </message>
    <message>
        <source>to</source>
        <translation>по</translation>
    </message>
    <message>
        <source>Expiring within (&amp;days):</source>
        <translation>Истекают в течение (&amp;дней):</translation>
    </message>
    <message>
        <source>Pre&amp;view</source>
        <translation>Пр&amp;едпросмотр</translation>
    </message>
    <message>
        <source>Save as P&amp;DF…</source>
        <translation>&amp;Сохранить в PDF…</translation>
    </message>
    <message>
        <source>Save as C&amp;SV…</source>
        <translation>Со&amp;хранить в CSV…</translation>
    </message>
    <message>
        <source>Preparing %1…</source>
        <translation>Подготовка: %1…</translation>
    </message>
    <message>
        <source>%1 rows printed…</source>
        <translation>Выведено строк: %1…</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>Сохранено в %1.</translation>
    </message>
    <message>
        <source>Save the report as PDF</source>
        <translation>Сохранение отчёта в PDF</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Документы PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Save the report as CSV</source>
        <translation>Сохранение отчёта в CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Файлы CSV (*.csv)</translation>
    </message>
    <message>
        <source>The preview cannot be shown.</source>
        <translation>Не удалось показать предварительный просмотр.</translation>
    </message>
    <message>
        <source>Preview of the first %1 of %2 pages; print or save to get them all.</source>
        <translation>Предварительный просмотр первых %1 из %2 страниц; чтобы получить все страницы, напечатайте или сохраните отчёт.</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s).</source>
        <translation>
            <numerusform>%n страница.</numerusform>
            <numerusform>%n страницы.</numerusform>
            <numerusform>%n страниц.</numerusform>
        </translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>отменено</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Отмена…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Не удалось записать %1: %2</translation>
    </message>
    <message>
        <source>Cancelled: nothing was saved.</source>
        <translation>Отменено: ничего не сохранено.</translation>
    </message>
    <message>
        <source>Preview / &amp;Print…</source>
        <translation>Предварительный просмотр / &amp;Печать…</translation>
    </message>
    <message>
        <source>The document in a print preview; print it from there.</source>
        <translation>Документ в окне предварительного просмотра; печатайте оттуда.</translation>
    </message>
    <message>
        <source>The preview is open; print from there.</source>
        <translation>Предварительный просмотр открыт; печатайте оттуда.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::RevokeDialog</name>
    <message>
        <source>Unspecified</source>
        <translation>Не указана</translation>
    </message>
    <message>
        <source>Key compromise</source>
        <translation>Компрометация ключа</translation>
    </message>
    <message>
        <source>CA compromise</source>
        <translation>Компрометация УЦ</translation>
    </message>
    <message>
        <source>Affiliation changed</source>
        <translation>Изменение принадлежности</translation>
    </message>
    <message>
        <source>Superseded</source>
        <translation>Замена</translation>
    </message>
    <message>
        <source>Cessation of operation</source>
        <translation>Прекращение деятельности</translation>
    </message>
    <message>
        <source>Certificate hold</source>
        <translation>Приостановление действия</translation>
    </message>
    <message>
        <source>Privilege withdrawn</source>
        <translation>Отзыв полномочий</translation>
    </message>
    <message>
        <source>Attribute authority compromise</source>
        <translation>Компрометация центра атрибутов</translation>
    </message>
    <message>
        <source>Holder&apos;s application</source>
        <translation>Заявление владельца</translation>
    </message>
    <message>
        <source>Court decision</source>
        <translation>Решение суда</translation>
    </message>
    <message>
        <source>The CA ceases operation</source>
        <translation>Прекращение деятельности УЦ</translation>
    </message>
    <message>
        <source>The holder left the organisation</source>
        <translation>Владелец прекратил работу в организации</translation>
    </message>
    <message>
        <source>Revoke certificate %1</source>
        <translation>Отзыв регистрационного свидетельства %1</translation>
    </message>
    <message>
        <source>Certificate %1 of the CA %2
%3
valid %4 – %5</source>
        <translation>Регистрационное свидетельство %1 УЦ %2
%3
срок действия: %4 – %5</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Причина:</translation>
    </message>
    <message>
        <source>&amp;Basis:</source>
        <translation>&amp;Основание:</translation>
    </message>
    <message>
        <source>Basis &amp;document:</source>
        <translation>&amp;Документ-основание:</translation>
    </message>
    <message>
        <source>number and date, e.g. application No. 15 of 20.03.2026</source>
        <translation>номер и дата, например заявление № 15 от 20.03.2026</translation>
    </message>
    <message>
        <source>&amp;Continue…</source>
        <translation>Да&amp;лее…</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Назад</translation>
    </message>
    <message>
        <source>&amp;Revoke now</source>
        <translation>Отоз&amp;вать сейчас</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;The certificate %1 of the CA %2 will be revoked.&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Регистрационное свидетельство %1 УЦ %2 будет отозвано.&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Holder: %1&lt;/p&gt;</source>
        <translation>&lt;p&gt;Владелец: %1&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Reason: %1&lt;br&gt;Basis: %2%3&lt;/p&gt;</source>
        <translation>&lt;p&gt;Причина: %1&lt;br&gt;Основание: %2%3&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The revocation is &lt;b&gt;final&lt;/b&gt;: it cannot be undone. The time of revocation is now; the certificate is listed in every CRL of the CA from now on.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Отзыв &lt;b&gt;окончательный&lt;/b&gt;: отменить его нельзя. Время отзыва — текущее; с этого момента регистрационное свидетельство включается в каждый СОРС этого УЦ.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Because the key is compromised, a delta CRL (a full CRL if the CA has none yet) is &lt;b&gt;published at once&lt;/b&gt; into %1. The CA key passphrase is asked next.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Поскольку ключ скомпрометирован, дельта-СОРС (или полный СОРС, если у УЦ его ещё нет) будет &lt;b&gt;опубликован немедленно&lt;/b&gt; в %1. Далее будет запрошена парольная фраза ключа УЦ.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The CA has no publish folder, so no CRL is published now: publish one at once (Certificates ▸ Publish CRL).&lt;/p&gt;</source>
        <translation>&lt;p&gt;У УЦ нет папки публикации, поэтому СОРС сейчас не публикуется: опубликуйте его немедленно (Свидетельства ▸ Опубликовать СОРС).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The revocation appears in the next CRL publication.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Отзыв будет включён в следующую публикацию СОРС.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Passphrase of the key of the CA %1:</source>
        <translation>Парольная фраза ключа УЦ %1:</translation>
    </message>
    <message>
        <source>The certificate is revoked, but the CRL could not be published: %1</source>
        <translation>Регистрационное свидетельство отозвано, но СОРС не удалось опубликовать: %1</translation>
    </message>
    <message>
        <source>Revoking %1 and publishing the CRL of %2…</source>
        <translation>Отзыв %1 и публикация СОРС %2…</translation>
    </message>
    <message>
        <source>Revoking %1…</source>
        <translation>Отзыв %1…</translation>
    </message>
    <message>
        <source>Key &amp;invalid since:</source>
        <translation>&amp;Ключ недействителен с:</translation>
    </message>
    <message>
        <source>When the key is known or suspected to have been compromised (written to the CRL as the invalidity date); not after now.</source>
        <translation>Момент, с которого ключ известен или предполагается скомпрометированным (записывается в СОРС как дата недействительности); не позже текущего момента.</translation>
    </message>
    <message>
        <source>&lt;p&gt;The certificate is put &lt;b&gt;on hold&lt;/b&gt;: it is listed in the CRLs from now on until the hold is released (Release hold in the certificate&apos;s details).&lt;/p&gt;</source>
        <translation>&lt;p&gt;Действие регистрационного свидетельства &lt;b&gt;приостанавливается&lt;/b&gt;: с этого момента оно включается в СОРС, пока действие не будет возобновлено («Возобновить действие» в сведениях о регистрационном свидетельстве).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Key invalid since: %1 (the CRL entry&apos;s invalidity date).&lt;/p&gt;</source>
        <translation>&lt;p&gt;Ключ недействителен с: %1 (дата недействительности в записи СОРС).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Because the CA is compromised, the full CRL of %1 is &lt;b&gt;published at once&lt;/b&gt; into %2. The CA key passphrase is asked next.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Поскольку УЦ скомпрометирован, полный СОРС УЦ %1 будет &lt;b&gt;опубликован немедленно&lt;/b&gt; в %2. Далее будет запрошена парольная фраза ключа УЦ.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>— choose the reason —</source>
        <translation>— выберите причину —</translation>
    </message>
    <message>
        <source>Choose the reason for the revocation.</source>
        <translation>Выберите причину отзыва.</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::SettingsDialog</name>
    <message>
        <source>national CA</source>
        <translation>национальный УЦ</translation>
    </message>
    <message>
        <source>government bodies CA</source>
        <translation>УЦ государственных органов</translation>
    </message>
    <message>
        <source>root CA</source>
        <translation>корневой УЦ</translation>
    </message>
    <message>
        <source>Your role (%1) may not %2.</source>
        <translation>Ваша роль (%1) не позволяет %2.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>CAs</source>
        <translation>УЦ</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>Операторы</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>Хранение</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>Календарь</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Наименование</translation>
    </message>
    <message>
        <source>Full CRL period, hours:</source>
        <translation>Период полного СОРС, ч:</translation>
    </message>
    <message>
        <source>Delta CRL period, hours:</source>
        <translation>Период дельта-СОРС, ч:</translation>
    </message>
    <message>
        <source>CRL distribution point URL:</source>
        <translation>URL точки распространения СОРС (CDP):</translation>
    </message>
    <message>
        <source>Delta CRL (freshest) URL:</source>
        <translation>URL дельта-СОРС (Freshest CRL):</translation>
    </message>
    <message>
        <source>CA certificate (AIA) URL:</source>
        <translation>URL регистрационного свидетельства УЦ (AIA):</translation>
    </message>
    <message>
        <source>Publish folder:</source>
        <translation>Папка публикации:</translation>
    </message>
    <message>
        <source>absolute path; a CRL is published there at once on key compromise</source>
        <translation>абсолютный путь; при компрометации ключа СОРС публикуется туда немедленно</translation>
    </message>
    <message>
        <source>&amp;Save CA settings</source>
        <translation>&amp;Сохранить параметры УЦ</translation>
    </message>
    <message>
        <source>New CA:</source>
        <translation>Новый УЦ:</translation>
    </message>
    <message>
        <source>code, e.g. NCA-GOST</source>
        <translation>код, например NCA-GOST</translation>
    </message>
    <message>
        <source>full name</source>
        <translation>ФИО / полное наименование</translation>
    </message>
    <message>
        <source>&amp;Add CA</source>
        <translation>&amp;Добавить УЦ</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Логин</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>ФИО</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Активна</translation>
    </message>
    <message>
        <source>New operator:</source>
        <translation>Новый оператор:</translation>
    </message>
    <message>
        <source>login</source>
        <translation>логин</translation>
    </message>
    <message>
        <source>password</source>
        <translation>пароль</translation>
    </message>
    <message>
        <source>Add &amp;operator</source>
        <translation>Добавить &amp;оператора</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>О&amp;тключить</translation>
    </message>
    <message>
        <source>Reset &amp;password…</source>
        <translation>Сбросить &amp;пароль…</translation>
    </message>
    <message>
        <source>How long records are kept after a certificate ends (revocation or expiry), and the event log after the related certificate&apos;s expiry, per kind of CA.</source>
        <translation>Сколько лет хранятся записи после прекращения действия регистрационного свидетельства (отзыв или истечение срока) и журнал событий после истечения срока действия соответствующего регистрационного свидетельства — по видам УЦ.</translation>
    </message>
    <message>
        <source>Kind of CA</source>
        <translation>Вид УЦ</translation>
    </message>
    <message>
        <source>Records, years</source>
        <translation>Записи, лет</translation>
    </message>
    <message>
        <source>Event log, years</source>
        <translation>Журнал событий, лет</translation>
    </message>
    <message>
        <source>Save &amp;retention periods</source>
        <translation>Сохранить сроки &amp;хранения</translation>
    </message>
    <message>
        <source>D&amp;ay:</source>
        <translation>Д&amp;ень:</translation>
    </message>
    <message>
        <source>&amp;Working day (unchecked: a day off)</source>
        <translation>&amp;Рабочий день (без отметки — выходной)</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Примечание:</translation>
    </message>
    <message>
        <source>e.g. decree of 20.12.2025: Jan 3 off, worked on Jan 5</source>
        <translation>например, постановление от 20.12.2025: 3 января — выходной, отработка 5 января</translation>
    </message>
    <message>
        <source>&amp;Set for this day</source>
        <translation>&amp;Установить для этого дня</translation>
    </message>
    <message>
        <source>&amp;Clear (built-in rules apply)</source>
        <translation>&amp;Сбросить (действуют встроенные правила)</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>Рабочий</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Примечание</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Закрыть</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>no (disabled)</source>
        <translation>нет (отключена)</translation>
    </message>
    <message>
        <source>working day</source>
        <translation>рабочий день</translation>
    </message>
    <message>
        <source>day off</source>
        <translation>выходной день</translation>
    </message>
    <message>
        <source>CA settings</source>
        <translation>Параметры УЦ</translation>
    </message>
    <message>
        <source>The settings of the CA %1 are saved.</source>
        <translation>Параметры УЦ %1 сохранены.</translation>
    </message>
    <message>
        <source>Add CA</source>
        <translation>Добавление УЦ</translation>
    </message>
    <message>
        <source>The CA %1 is added.</source>
        <translation>УЦ %1 добавлен.</translation>
    </message>
    <message>
        <source>Add operator</source>
        <translation>Добавление оператора</translation>
    </message>
    <message>
        <source>The operator %1 is added.</source>
        <translation>Оператор %1 добавлен.</translation>
    </message>
    <message>
        <source>Disable operator</source>
        <translation>Отключение оператора</translation>
    </message>
    <message>
        <source>Disable the account %1? It can no longer sign in; its history stays.</source>
        <translation>Отключить учётную запись %1? Вход под ней станет невозможен; её история сохранится.</translation>
    </message>
    <message>
        <source>The account %1 is disabled.</source>
        <translation>Учётная запись %1 отключена.</translation>
    </message>
    <message>
        <source>Reset the password of %1</source>
        <translation>Сброс пароля: %1</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>Новый пароль:</translation>
    </message>
    <message>
        <source>The same password again:</source>
        <translation>Повторите пароль:</translation>
    </message>
    <message>
        <source>The two passwords differ; nothing was changed.</source>
        <translation>Пароли не совпадают; ничего не изменено.</translation>
    </message>
    <message>
        <source>The password of %1 is reset.</source>
        <translation>Пароль учётной записи %1 сброшен.</translation>
    </message>
    <message>
        <source>Retention periods</source>
        <translation>Сроки хранения</translation>
    </message>
    <message>
        <source>The retention periods are saved.</source>
        <translation>Сроки хранения сохранены.</translation>
    </message>
    <message>
        <source>%1 is now a %2.</source>
        <translation>%1 теперь %2.</translation>
    </message>
    <message>
        <source>The built-in rules apply to %1 again.</source>
        <translation>Для %1 снова действуют встроенные правила.</translation>
    </message>
    <message>
        <source>Failed sign-ins</source>
        <translation>Неудачные входы</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Разблокировать</translation>
    </message>
    <message>
        <source>Clear the failed sign-ins and the lock of the selected login</source>
        <translation>Сбросить неудачные входы и блокировку выбранного логина</translation>
    </message>
    <message>
        <source>Lock a login after failed sign-ins:</source>
        <translation>Блокировать логин после неудачных входов:</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>%1 (locked)</source>
        <translation>%1 (заблокирован)</translation>
    </message>
    <message>
        <source>Unlock operator</source>
        <translation>Разблокировать оператора</translation>
    </message>
    <message>
        <source>The login %1 is unlocked; its failed sign-ins are cleared.</source>
        <translation>Логин %1 разблокирован; его неудачные входы сброшены.</translation>
    </message>
    <message>
        <source>Sign-in lockout</source>
        <translation>Блокировка входа</translation>
    </message>
    <message>
        <source>A login is now locked after %1 failed sign-ins.</source>
        <translation>Теперь логин блокируется после %1 неудачных входов.</translation>
    </message>
    <message>
        <source>Legal rules</source>
        <translation>Нормативные правила</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Правило</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>Legal clause</source>
        <translation>Пункт правового акта</translation>
    </message>
    <message>
        <source>built in</source>
        <translation>встроенный</translation>
    </message>
    <message>
        <source>loaded by %1</source>
        <translation>загрузил %1</translation>
    </message>
    <message>
        <source>Deadline: %1</source>
        <translation>Срок: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n рабочий день</numerusform>
            <numerusform>%n рабочих дня</numerusform>
            <numerusform>%n рабочих дней</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n calendar day(s)</source>
        <translation>
            <numerusform>%n календарный день</numerusform>
            <numerusform>%n календарных дня</numerusform>
            <numerusform>%n календарных дней</numerusform>
        </translation>
    </message>
    <message>
        <source>Retention: records of the %1</source>
        <translation>Хранение записей: %1</translation>
    </message>
    <message numerus="yes">
        <source>at least %n year(s) after termination</source>
        <translation>
            <numerusform>не менее %n года после прекращения деятельности</numerusform>
            <numerusform>не менее %n лет после прекращения деятельности</numerusform>
            <numerusform>не менее %n лет после прекращения деятельности</numerusform>
        </translation>
    </message>
    <message>
        <source>Retention: event log</source>
        <translation>Хранение: журнал событий</translation>
    </message>
    <message numerus="yes">
        <source>at least %n year(s) after expiry</source>
        <translation>
            <numerusform>не менее %n года после истечения срока действия</numerusform>
            <numerusform>не менее %n лет после истечения срока действия</numerusform>
            <numerusform>не менее %n лет после истечения срока действия</numerusform>
        </translation>
    </message>
    <message>
        <source>Validity: %1</source>
        <translation>Срок действия: %1</translation>
    </message>
    <message>
        <source>key in a file: %1 y; key on a token: %2 y</source>
        <translation>срок (лет): ключ в файле — %1; ключ на токене — %2</translation>
    </message>
    <message>
        <source>Required attachments: %1</source>
        <translation>Обязательные приложения: %1</translation>
    </message>
    <message>
        <source>Refusal reason (%1): %2</source>
        <translation>Основание для отказа (%1): %2</translation>
    </message>
    <message>
        <source>CA key backup</source>
        <translation>Резервная копия ключа УЦ</translation>
    </message>
    <message>
        <source>at least %1 of %2 shares</source>
        <translation>не менее %1 из %2 долей</translation>
    </message>
    <message>
        <source>Event-log OID of the CRLs:</source>
        <translation>OID журнала событий в СОРС:</translation>
    </message>
    <message>
        <source>an OID of the CA&apos;s own arc; each CRL then attests the event log</source>
        <translation>OID из собственной ветви УЦ; тогда каждый СОРС удостоверяет журнал событий</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Реестр</translation>
    </message>
    <message>
        <source>A backup is a consistent copy of the whole register (SQLite online backup, or pg_dump for PostgreSQL), written to a new file that only you can read; it is recorded in the event log. Keep backups off this computer. A backup is restored into a new register file, checked row by row with its event log; open that file from the sign-in window (Other register…) to work in it.</source>
        <translation>Резервная копия — согласованная копия всего реестра (онлайн-копия SQLite или pg_dump для PostgreSQL), записанная в новый файл, доступный для чтения только вам; она записывается в журнал событий. Храните копии вне этого компьютера. Копия восстанавливается в новый файл реестра и построчно проверяется по журналу событий; чтобы работать в нём, откройте этот файл из окна входа (Другой реестр…).</translation>
    </message>
    <message>
        <source>&amp;Back up the register…</source>
        <translation>&amp;Создать резервную копию реестра…</translation>
    </message>
    <message>
        <source>&amp;Restore a backup to a new register file…</source>
        <translation>&amp;Восстановить копию в новый файл реестра…</translation>
    </message>
    <message>
        <source>Set up &amp;key…</source>
        <translation>Настроить &amp;ключ…</translation>
    </message>
    <message>
        <source>Make the CA&apos;s key: a self-signed root certificate, or a request to the parent CA</source>
        <translation>Создать ключ УЦ: самоподписанное корневое свидетельство или запрос вышестоящему УЦ</translation>
    </message>
    <message>
        <source>&amp;Import certificate…</source>
        <translation>&amp;Импортировать свидетельство…</translation>
    </message>
    <message>
        <source>Store the certificate the parent CA issued for the key waiting for it</source>
        <translation>Сохранить свидетельство, выданное вышестоящим УЦ для ожидающего его ключа</translation>
    </message>
    <message>
        <source>Back up key…</source>
        <translation>Резервная копия ключа…</translation>
    </message>
    <message>
        <source>Encrypted copy of the CA key with one share per custodian</source>
        <translation>Зашифрованная копия ключа УЦ с одной долей на хранителя</translation>
    </message>
    <message>
        <source>Restore key…</source>
        <translation>Восстановить ключ…</translation>
    </message>
    <message>
        <source>A new key file from the backup and enough custodians&apos; shares</source>
        <translation>Новый файл ключа из копии и достаточного числа долей хранителей</translation>
    </message>
    <message>
        <source>Change &amp;role</source>
        <translation>Изменить &amp;роль</translation>
    </message>
    <message>
        <source>Key and certificate</source>
        <translation>Ключ и свидетельство</translation>
    </message>
    <message>
        <source>OCSP responder URL:</source>
        <translation>URL OCSP-ответчика:</translation>
    </message>
    <message>
        <source>Certificate policy (CPS) URL:</source>
        <translation>URL политики свидетельств (CPS):</translation>
    </message>
    <message>
        <source>key on a PKCS#11 token</source>
        <translation>ключ на токене PKCS#11</translation>
    </message>
    <message>
        <source>key in a file</source>
        <translation>ключ в файле</translation>
    </message>
    <message>
        <source>Rules file %1 (%2), edition %3 in force from %4. An administrator loads a new file with the command rules load FILE.</source>
        <translation>Файл правил %1 (%2), редакция %3 действует с %4. Администратор загружает новый файл командой rules load FILE.</translation>
    </message>
    <message>
        <source>Key of the CA %1: %2</source>
        <translation>Ключ УЦ %1: %2</translation>
    </message>
    <message>
        <source>No CA yet: add one below, then set up its key.</source>
        <translation>УЦ ещё нет: добавьте его ниже, затем настройте его ключ.</translation>
    </message>
    <message>
        <source>Import the certificate of the CA %1</source>
        <translation>Импорт свидетельства УЦ %1</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer *.der)</source>
        <translation>Свидетельства (*.pem *.crt *.cer *.der)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Не удаётся прочитать %1: %2</translation>
    </message>
    <message>
        <source>The CA %1 can now sign: certificate %2 valid until %3.</source>
        <translation>УЦ %1 теперь может подписывать: свидетельство %2 действительно до %3.</translation>
    </message>
    <message>
        <source>Issued by the CA %1 of this register.</source>
        <translation>Выдано УЦ %1 этого реестра.</translation>
    </message>
    <message>
        <source>Change the role of %1</source>
        <translation>Изменение роли %1</translation>
    </message>
    <message>
        <source>Give %1 the role %2? A session of %1 that is open now ends.</source>
        <translation>Назначить %1 роль %2? Открытый сейчас сеанс %1 завершится.</translation>
    </message>
    <message>
        <source>%1 now has the role %2.</source>
        <translation>Теперь у %1 роль %2.</translation>
    </message>
    <message>
        <source>Back up the register</source>
        <translation>Резервная копия реестра</translation>
    </message>
    <message>
        <source>Register backups (*.sqlite *.dump)</source>
        <translation>Резервные копии реестра (*.sqlite *.dump)</translation>
    </message>
    <message>
        <source>The register is backed up to %1 (%2 bytes).</source>
        <translation>Резервная копия реестра записана в %1 (%2 байт).</translation>
    </message>
    <message>
        <source>Restore a register backup</source>
        <translation>Восстановление резервной копии реестра</translation>
    </message>
    <message>
        <source>Register backups (*.sqlite *.dump);;All files (*)</source>
        <translation>Резервные копии реестра (*.sqlite *.dump);;Все файлы (*)</translation>
    </message>
    <message>
        <source>New register file for the restored backup</source>
        <translation>Новый файл реестра для восстановленной копии</translation>
    </message>
    <message>
        <source>Registers (*.sqlite)</source>
        <translation>Реестры (*.sqlite)</translation>
    </message>
    <message>
        <source>%1 already exists; a backup is restored into a new file only.</source>
        <translation>%1 уже существует; копия восстанавливается только в новый файл.</translation>
    </message>
    <message>
        <source>Your password (%1) as an administrator of the backup:</source>
        <translation>Ваш пароль (%1) как администратора резервной копии:</translation>
    </message>
    <message>
        <source>The backup %1 is restored into %2: %3 rows and %4 events checked. Open it from the sign-in window (Other register…).</source>
        <translation>Копия %1 восстановлена в %2: проверено строк — %3, событий — %4. Откройте её из окна входа (Другой реестр…).</translation>
    </message>
    <message>
        <source>Backing up the register to %1…</source>
        <translation>Резервное копирование реестра в %1…</translation>
    </message>
    <message>
        <source>Restoring the backup into %1…</source>
        <translation>Восстановление резервной копии в %1…</translation>
    </message>
    <message>
        <source>Key backups…</source>
        <translation>Резервные копии ключа…</translation>
    </message>
    <message>
        <source>The CA key&apos;s backups as recorded; print a hand-over record again</source>
        <translation>Записанные резервные копии ключа УЦ; повторная печать акта передачи</translation>
    </message>
    <message>
        <source>The rules file %1, loaded by %2, takes effect on %3; until then the file above applies.</source>
        <translation>Файл правил %1, загруженный %2, вступает в силу %3; до этого действует файл выше.</translation>
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
        <translation>Tirkeu — вход</translation>
    </message>
    <message>
        <source>Sign in with your operator account.</source>
        <translation>Войдите под своей учётной записью оператора.</translation>
    </message>
    <message>
        <source>Register: %1</source>
        <translation>Реестр: %1</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Логин:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Пароль:</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Войти</translation>
    </message>
    <message>
        <source>Other &amp;register…</source>
        <translation>Другой &amp;реестр…</translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::TodayPage</name>
    <message>
        <source>Today, %1</source>
        <translation>Сегодня, %1</translation>
    </message>
    <message>
        <source>Nothing is due today. New work appears here as it arrives (F5 reads the register again).</source>
        <translation>Сегодня ничего не требуется. Новая работа появится здесь по мере поступления (F5 перечитывает реестр).</translation>
    </message>
    <message>
        <source>Choose the audit anchor folder…</source>
        <translation>Выбрать папку якорей аудита…</translation>
    </message>
    <message>
        <source>Anchor folder: %1</source>
        <translation>Папка якорей: %1</translation>
    </message>
    <message>
        <source>The folder the scheduled job publishes signed audit anchors into; the days not yet published there are counted here.</source>
        <translation>Папка, в которую плановое задание публикует подписанные якоря аудита; здесь считаются дни, ещё не опубликованные в ней.</translation>
    </message>
    <message>
        <source>Audit anchor folder</source>
        <translation>Папка якорей аудита</translation>
    </message>
    <message>
        <source>Open the list</source>
        <translation>Открыть список</translation>
    </message>
    <message>
        <source>The scheduled job writes the signed anchors into %1; the days counted are not there yet.</source>
        <translation>Плановое задание записывает подписанные якоря в %1; посчитанных дней там ещё нет.</translation>
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
        <translation>УЦ %1 описан во втором разделе</translation>
    </message>
    <message>
        <source>not a [section] or key = value: %1</source>
        <translation>не [раздел] и не ключ = значение: %1</translation>
    </message>
    <message>
        <source>port is 0 to 65535</source>
        <translation>port — от 0 до 65535</translation>
    </message>
    <message>
        <source>threads is 1 to 256</source>
        <translation>threads — от 1 до 256</translation>
    </message>
    <message>
        <source>max_body_bytes is 64 to 16777216</source>
        <translation>max_body_bytes — от 64 до 16777216</translation>
    </message>
    <message>
        <source>max_certificates is 1 to 1000</source>
        <translation>max_certificates — от 1 до 1000</translation>
    </message>
    <message>
        <source>next_update_minutes is 1 to 10080</source>
        <translation>next_update_minutes — от 1 до 10080</translation>
    </message>
    <message>
        <source>cache_seconds is 0 to 86400</source>
        <translation>cache_seconds — от 0 до 86400</translation>
    </message>
    <message>
        <source>cache_entries is 0 to 100000000</source>
        <translation>cache_entries — от 0 до 100000000</translation>
    </message>
    <message>
        <source>poll_ms is 100 to 60000</source>
        <translation>poll_ms — от 100 до 60000</translation>
    </message>
    <message>
        <source>connection_limit is 1 to 100000</source>
        <translation>connection_limit — от 1 до 100000</translation>
    </message>
    <message>
        <source>connection_timeout_seconds is 1 to 3600</source>
        <translation>connection_timeout_seconds — от 1 до 3600</translation>
    </message>
    <message>
        <source>log_requests is true or false</source>
        <translation>log_requests — true или false</translation>
    </message>
    <message>
        <source>unknown setting %1 in [responder]</source>
        <translation>неизвестный параметр %1 в [responder]</translation>
    </message>
    <message>
        <source>unknown setting %1 in [ca %2]</source>
        <translation>неизвестный параметр %1 в [ca %2]</translation>
    </message>
    <message>
        <source>%1 outside a section ([responder] or [ca CODE])</source>
        <translation>%1 вне раздела ([responder] или [ca CODE])</translation>
    </message>
    <message>
        <source>%1: [ca %2] needs key = … and secret_file = ….</source>
        <translation>%1: для [ca %2] нужны key = … и secret_file = ….</translation>
    </message>
    <message>
        <source>per_address_connection_limit is 0 to 100000</source>
        <translation>per_address_connection_limit — от 0 до 100000</translation>
    </message>
    <message>
        <source>request_timeout_seconds is 1 to 3600</source>
        <translation>request_timeout_seconds — от 1 до 3600</translation>
    </message>
    <message>
        <source>%1 holds the register&apos;s password (register =) but other users can read or change it: make it readable by root and the service group only (chmod 0640 %1), or keep the password in the service user&apos;s ~/.pgpass.</source>
        <translation>%1 содержит пароль реестра (register =), но другие пользователи могут его читать или изменять: сделайте его доступным для чтения только root и группе службы (chmod 0640 %1) или храните пароль в ~/.pgpass пользователя службы.</translation>
    </message>
</context>
<context>
    <name>tirkeu::ocsp::OcspHttpServer</name>
    <message>
        <source>listen = %1 is not an IPv4 or IPv6 address.</source>
        <translation>listen = %1 — не адрес IPv4 или IPv6.</translation>
    </message>
    <message>
        <source>Cannot listen on %1 port %2 (in use, or no permission).</source>
        <translation>Не удаётся слушать %1, порт %2 (занят или нет прав).</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::AuditSignature</name>
    <message>
        <source>The audit public key cannot be read: %1</source>
        <translation>Не удаётся прочитать открытый ключ аудита: %1</translation>
    </message>
    <message>
        <source>The audit key must be an RSA or EC key.</source>
        <translation>Ключ аудита должен быть ключом RSA или EC.</translation>
    </message>
    <message>
        <source>Cannot check the signature: %1</source>
        <translation>Не удаётся проверить подпись: %1</translation>
    </message>
    <message>
        <source>The signature does not verify with the audit key.</source>
        <translation>Подпись не проверяется ключом аудита.</translation>
    </message>
    <message>
        <source>This is not a public key (PEM &quot;PUBLIC KEY&quot; or DER).</source>
        <translation>Это не открытый ключ (PEM «PUBLIC KEY» или DER).</translation>
    </message>
    <message>
        <source>Cannot encode the public key: %1</source>
        <translation>Не удаётся закодировать открытый ключ: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::CaCertificateCheck</name>
    <message>
        <source>The certificate is signed with %1: a CA certificate is signed with SHA-256 or stronger (SHA-1 and MD5 signatures can be forged).</source>
        <translation>Регистрационное свидетельство подписано с %1: свидетельство удостоверяющего центра подписывается с SHA-256 или сильнее (подписи SHA-1 и MD5 можно подделать).</translation>
    </message>
    <message>
        <source>The data is not an X.509 certificate in PEM or DER form.</source>
        <translation>Данные не являются регистрационным свидетельством X.509 в формате PEM или DER.</translation>
    </message>
    <message>
        <source>The certificate&apos;s extensions cannot be decoded.</source>
        <translation>Расширения регистрационного свидетельства не удаётся декодировать.</translation>
    </message>
    <message>
        <source>The certificate is not a CA certificate (basicConstraints CA:TRUE).</source>
        <translation>Регистрационное свидетельство не является регистрационным свидетельством УЦ (basicConstraints CA:TRUE).</translation>
    </message>
    <message>
        <source>The certificate&apos;s basicConstraints (CA:TRUE) is not marked critical (RFC 5280, 4.2.1.9).</source>
        <translation>Расширение basicConstraints (CA:TRUE) регистрационного свидетельства не отмечено как критическое (RFC 5280, 4.2.1.9).</translation>
    </message>
    <message>
        <source>The certificate&apos;s keyUsage does not allow keyCertSign and cRLSign: the CA could sign neither certificates nor CRLs (RFC 5280, 4.2.1.3).</source>
        <translation>Расширение keyUsage регистрационного свидетельства не разрешает keyCertSign и cRLSign: удостоверяющий центр не смог бы подписывать ни свидетельства, ни СОРС (RFC 5280, 4.2.1.3).</translation>
    </message>
    <message>
        <source>The certificate carries name constraints: the register&apos;s CAs issue without them.</source>
        <translation>Регистрационное свидетельство содержит ограничения имён (nameConstraints): удостоверяющие центры реестра выдают без них.</translation>
    </message>
    <message>
        <source>The certificate carries the critical extension %1, which is not processed here: no certificate this CA issued would verify.</source>
        <translation>Регистрационное свидетельство содержит критическое расширение %1, которое здесь не обрабатывается: ни одно свидетельство, выданное этим удостоверяющим центром, не прошло бы проверку.</translation>
    </message>
    <message>
        <source>The certificate&apos;s serial number is not a positive number of at most 20 octets (RFC 5280, 4.1.2.2).</source>
        <translation>Серийный номер регистрационного свидетельства не является положительным числом не более 20 октетов (RFC 5280, 4.1.2.2).</translation>
    </message>
    <message>
        <source>The certificate is valid from %1 to %2, beyond its issuer&apos;s certificate (%3 to %4): a CA certificate never outlives its issuer&apos;s.</source>
        <translation>Регистрационное свидетельство действует с %1 по %2, за пределами свидетельства издателя (%3 – %4): свидетельство удостоверяющего центра никогда не переживает свидетельство своего издателя.</translation>
    </message>
    <message>
        <source>The issuer&apos;s certificate is not a CA certificate (basicConstraints CA:TRUE).</source>
        <translation>Регистрационное свидетельство издателя не является регистрационным свидетельством УЦ (basicConstraints CA:TRUE).</translation>
    </message>
    <message>
        <source>The issuer&apos;s key is refused: %1</source>
        <translation>Ключ издателя отклонён: %1</translation>
    </message>
    <message>
        <source>The issuer&apos;s certificate is refused: %1</source>
        <translation>Регистрационное свидетельство издателя отклонено: %1</translation>
    </message>
    <message>
        <source>The issuer&apos;s certificate is not valid now: its validity ends before it begins (%1 to %2).</source>
        <translation>Сертификат издателя сейчас недействителен: срок его действия заканчивается раньше, чем начинается (%1 – %2).</translation>
    </message>
    <message>
        <source>The issuer&apos;s certificate is not valid now (%1 to %2): every certificate this CA issued would fail validation.</source>
        <translation>Сертификат издателя сейчас недействителен (%1 – %2): каждый сертификат, выпущенный этим УЦ, не пройдёт проверку.</translation>
    </message>
    <message>
        <source>the certificate of %1</source>
        <translation>сертификат %1</translation>
    </message>
    <message>
        <source>%1 has basicConstraints pathlen:%2, room for %2 CA certificate(s) below it; this CA&apos;s certificate would be number %3 below it and its own pathlen:%4 asks room for %4 more. Every certificate this CA issued would fail validation (&quot;path length constraint exceeded&quot;).</source>
        <translation>У %1 basicConstraints pathlen:%2 — место для %2 сертификатов УЦ ниже него; сертификат этого УЦ был бы %3-м ниже него, а его собственный pathlen:%4 требует места ещё для %4. Каждый сертификат, выпущенный этим УЦ, не пройдёт проверку («path length constraint exceeded»).</translation>
    </message>
    <message>
        <source>%1 has basicConstraints pathlen:%2, room for %2 CA certificate(s) below it; this CA&apos;s certificate would be number %3 below it. Every certificate this CA issued would fail validation (&quot;path length constraint exceeded&quot;).</source>
        <translation>У %1 basicConstraints pathlen:%2 — место для %2 сертификатов УЦ ниже него; сертификат этого УЦ был бы %3-м ниже него. Каждый сертификат, выпущенный этим УЦ, не пройдёт проверку («path length constraint exceeded»).</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::CaKey</name>
    <message>
        <source>The CA key %1 cannot be used: %2</source>
        <translation>Ключ УЦ %1 нельзя использовать: %2</translation>
    </message>
    <message>
        <source>No CA key file given.</source>
        <translation>Не указан файл ключа УЦ.</translation>
    </message>
    <message>
        <source>Cannot read the CA key file %1: %2</source>
        <translation>Не удалось прочитать файл ключа УЦ %1: %2</translation>
    </message>
    <message>
        <source>%1 is not an encrypted PKCS#8 key (&quot;ENCRYPTED PRIVATE KEY&quot;); a CA key must never be kept in clear.</source>
        <translation>%1 не является зашифрованным ключом PKCS#8 («ENCRYPTED PRIVATE KEY»); ключ УЦ нельзя хранить в открытом виде.</translation>
    </message>
    <message>
        <source>No private key.</source>
        <translation>Нет закрытого ключа.</translation>
    </message>
    <message>
        <source>The private key cannot be exported (a key on a token or HSM stays there): %1</source>
        <translation>Закрытый ключ нельзя экспортировать (ключ на токене или в HSM не покидает устройство): %1</translation>
    </message>
    <message>
        <source>no key</source>
        <translation>нет ключа</translation>
    </message>
    <message>
        <source>the exported private value does not match the public key</source>
        <translation>экспортированное значение закрытого ключа не соответствует открытому ключу</translation>
    </message>
    <message>
        <source>No private key to write.</source>
        <translation>Нет закрытого ключа для записи.</translation>
    </message>
    <message>
        <source>A CA key file needs a passphrase.</source>
        <translation>Для файла ключа УЦ нужна парольная фраза.</translation>
    </message>
    <message>
        <source>The scrypt cost N=2^%1, r=%2, p=%3 is out of range.</source>
        <translation>Параметры стоимости scrypt N=2^%1, r=%2, p=%3 вне допустимого диапазона.</translation>
    </message>
    <message>
        <source>The scrypt cost N=2^%1, r=%2 needs %3 MiB; OpenSSL reads back at most 32 MiB.</source>
        <translation>Параметрам scrypt N=2^%1, r=%2 требуется %3 МиБ; OpenSSL при чтении допускает не более 32 МиБ.</translation>
    </message>
    <message>
        <source>The random generator failed: %1</source>
        <translation>Сбой генератора случайных чисел: %1</translation>
    </message>
    <message>
        <source>Cannot set up scrypt encryption: %1</source>
        <translation>Не удалось настроить шифрование scrypt: %1</translation>
    </message>
    <message>
        <source>Cannot encrypt the private key: %1</source>
        <translation>Не удалось зашифровать закрытый ключ: %1</translation>
    </message>
    <message>
        <source>Cannot encode the encrypted key: %1</source>
        <translation>Не удалось закодировать зашифрованный ключ: %1</translation>
    </message>
    <message>
        <source>Not an encrypted PKCS#8 private key: %1</source>
        <translation>Не является зашифрованным закрытым ключом PKCS#8: %1</translation>
    </message>
    <message>
        <source>Wrong passphrase, or the key file is damaged.</source>
        <translation>Неверная парольная фраза, или файл ключа повреждён.</translation>
    </message>
    <message>
        <source>The decrypted private key cannot be read: %1</source>
        <translation>Не удалось прочитать расшифрованный закрытый ключ: %1</translation>
    </message>
    <message>
        <source>%1 already exists; it is not overwritten.</source>
        <translation>Файл %1 уже существует и не будет перезаписан.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>Не удалось создать папку %1.</translation>
    </message>
    <message>
        <source>Cannot create %1: %2</source>
        <translation>Не удалось создать %1: %2</translation>
    </message>
    <message>
        <source>Cannot write %1: %2 (%3)</source>
        <translation>Не удалось записать %1: %2 (%3)</translation>
    </message>
    <message>
        <source>write failed</source>
        <translation>ошибка записи</translation>
    </message>
    <message>
        <source>fsync failed</source>
        <translation>ошибка fsync</translation>
    </message>
    <message>
        <source>close failed</source>
        <translation>ошибка закрытия</translation>
    </message>
    <message>
        <source>the file appeared meanwhile</source>
        <translation>файл появился во время записи</translation>
    </message>
    <message>
        <source>rename failed</source>
        <translation>ошибка переименования</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::Certificate</name>
    <message>
        <source>The data is not an X.509 certificate in PEM or DER form.</source>
        <translation>Данные не являются регистрационным свидетельством X.509 в формате PEM или DER.</translation>
    </message>
    <message>
        <source>The certificate cannot be encoded: %1</source>
        <translation>Не удалось закодировать регистрационное свидетельство: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::CertificateBuilder</name>
    <message>
        <source>&quot;%1&quot; is not a usable URL (http, https or ldap; ASCII, no spaces or commas).</source>
        <translation>«%1» — недопустимый URL (http, https или ldap; ASCII, без пробелов и запятых).</translation>
    </message>
    <message>
        <source>The CA key must be an RSA or EC key.</source>
        <translation>Ключ УЦ должен быть ключом RSA или EC.</translation>
    </message>
    <message>
        <source>The issuer certificate is not a CA certificate.</source>
        <translation>Регистрационное свидетельство издателя не является регистрационным свидетельством УЦ.</translation>
    </message>
    <message>
        <source>The certificate would outlive its CA certificate (valid until %1).</source>
        <translation>Регистрационное свидетельство действовало бы дольше регистрационного свидетельства УЦ (действует до %1).</translation>
    </message>
    <message>
        <source>Out of memory or no random numbers.</source>
        <translation>Недостаточно памяти или нет случайных чисел.</translation>
    </message>
    <message>
        <source>Cannot fill in the certificate: %1</source>
        <translation>Не удалось заполнить регистрационное свидетельство: %1</translation>
    </message>
    <message>
        <source>Cannot add the certificate extensions: %1</source>
        <translation>Не удалось добавить расширения регистрационного свидетельства: %1</translation>
    </message>
    <message>
        <source>Signing the certificate failed: %1</source>
        <translation>Не удалось подписать регистрационное свидетельство: %1</translation>
    </message>
    <message>
        <source>The CA key does not belong to the issuing CA certificate.</source>
        <translation>Ключ УЦ не соответствует регистрационному свидетельству выдающего УЦ.</translation>
    </message>
    <message>
        <source>Cannot encode the certificate: %1</source>
        <translation>Не удалось закодировать регистрационное свидетельство: %1</translation>
    </message>
    <message>
        <source>A holder profile needs a person&apos;s subject name.</source>
        <translation>Для профиля владельца нужно имя субъекта — физического лица.</translation>
    </message>
    <message>
        <source>The profile &quot;%1&quot; needs the organisation and its BIN.</source>
        <translation>Для профиля «%1» нужны организация и её БИН.</translation>
    </message>
    <message>
        <source>The profile &quot;%1&quot; is for individuals; the subject must not name an organisation.</source>
        <translation>Профиль «%1» предназначен для физических лиц; в имени субъекта не должна указываться организация.</translation>
    </message>
    <message>
        <source>A root CA certificate is self-signed: no issuer.</source>
        <translation>Регистрационное свидетельство корневого УЦ самоподписанное: издатель не указывается.</translation>
    </message>
    <message>
        <source>The issuing CA certificate is missing.</source>
        <translation>Отсутствует регистрационное свидетельство выдающего УЦ.</translation>
    </message>
    <message>
        <source>The validity period is empty or invalid.</source>
        <translation>Срок действия не задан или задан неверно.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a usable e-mail address.</source>
        <translation>«%1» — недопустимый адрес электронной почты.</translation>
    </message>
    <message>
        <source>The serial number must be positive, non-zero and at most 20 bytes long.</source>
        <translation>Серийный номер должен быть положительным, ненулевым и не длиннее 20 байт.</translation>
    </message>
    <message>
        <source>A CA or OCSP responder profile needs a CA subject name.</source>
        <translation>Профилю УЦ или OCSP-ответчика нужно имя УЦ.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a policy OID (dotted digits, e.g. 1.2.398.3.3.2.1).</source>
        <translation>«%1» — не OID политики (цифры через точку, например 1.2.398.3.3.2.1).</translation>
    </message>
    <message>
        <source>Only a subordinate CA&apos;s certificate takes configured policies; the profile &quot;%1&quot; has its own.</source>
        <translation>Настроенные политики принимает только регистрационное свидетельство подчинённого УЦ; у профиля «%1» свои политики.</translation>
    </message>
    <message>
        <source>The certificate would begin before its CA certificate (valid from %1): check the clock of this machine.</source>
        <translation>Регистрационное свидетельство начинало бы действовать раньше сертификата УЦ (действует с %1): проверьте часы этого компьютера.</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::CmsSign</name>
    <message>
        <source>A certificate and its key are needed to sign.</source>
        <translation>Для подписания нужны регистрационное свидетельство и его ключ.</translation>
    </message>
    <message>
        <source>Cannot sign the content: %1</source>
        <translation>Не удалось подписать содержимое: %1</translation>
    </message>
    <message>
        <source>Cannot encode the signed content: %1</source>
        <translation>Не удалось закодировать подписанное содержимое: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::CmsVerify</name>
    <message>
        <source>The data is not a CMS/PKCS#7 signed message in DER or PEM form.</source>
        <translation>Данные не являются подписанным сообщением CMS/PKCS#7 в формате DER или PEM.</translation>
    </message>
    <message>
        <source>The CMS message is not signed data.</source>
        <translation>Сообщение CMS не является подписанными данными (SignedData).</translation>
    </message>
    <message>
        <source>The signed message does not contain the signed content.</source>
        <translation>Подписанное сообщение не содержит подписанного содержимого.</translation>
    </message>
    <message>
        <source>The message must have exactly one signer, not %1.</source>
        <translation>У сообщения должен быть ровно один подписант (найдено: %1).</translation>
    </message>
    <message>
        <source>The signature of the message does not verify: %1</source>
        <translation>Подпись сообщения не прошла проверку: %1</translation>
    </message>
    <message>
        <source>The signer&apos;s certificate is not in the message.</source>
        <translation>Регистрационное свидетельство подписанта отсутствует в сообщении.</translation>
    </message>
    <message>
        <source>The certificates cannot be read: %1</source>
        <translation>Не удалось прочитать регистрационные свидетельства: %1</translation>
    </message>
    <message>
        <source>The signer&apos;s certificate was not issued by the CA &quot;%1&quot;.</source>
        <translation>Регистрационное свидетельство подписанта выдано не УЦ «%1».</translation>
    </message>
    <message>
        <source>The signature of the signer&apos;s certificate does not verify with the CA &quot;%1&quot;.</source>
        <translation>Подпись регистрационного свидетельства подписанта не проходит проверку по УЦ «%1».</translation>
    </message>
    <message>
        <source>The signer&apos;s certificate is not valid at %1 (valid from %2 to %3).</source>
        <translation>Регистрационное свидетельство подписанта недействительно на %1 (срок действия с %2 по %3).</translation>
    </message>
    <message>
        <source>The message is signed with the weak digest %1; sign it with SHA-256 or stronger.</source>
        <translation>Сообщение подписано со слабым хэшем %1; подпишите его с SHA-256 или более стойким.</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(неизвестно)</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::CrlNumber</name>
    <message>
        <source>The file is not a CRL.</source>
        <translation>Файл не является СОРС.</translation>
    </message>
    <message>
        <source>The CRL number is too large.</source>
        <translation>Номер СОРС слишком велик.</translation>
    </message>
    <message>
        <source>%1 changed while it was read.</source>
        <translation>Файл %1 изменился во время чтения.</translation>
    </message>
    <message>
        <source>Not enough memory to read %1.</source>
        <translation>Недостаточно памяти для чтения %1.</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::CrlReader</name>
    <message>
        <source>This is not a CRL (DER or PEM).</source>
        <translation>Это не СОРС (DER или PEM).</translation>
    </message>
    <message>
        <source>The CRL has no CRL number.</source>
        <translation>В СОРС нет номера СОРС.</translation>
    </message>
    <message>
        <source>The CA certificate cannot be read.</source>
        <translation>Не удаётся прочитать сертификат УЦ.</translation>
    </message>
    <message>
        <source>The CRL&apos;s signature does not verify with the CA certificate.</source>
        <translation>Подпись СОРС не проверяется сертификатом УЦ.</translation>
    </message>
    <message>
        <source>Cannot encode the certificate&apos;s subject.</source>
        <translation>Не удаётся закодировать субъект сертификата.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an OID.</source>
        <translation>«%1» — не OID.</translation>
    </message>
    <message>
        <source>The CRL&apos;s event-log head is malformed.</source>
        <translation>Вершина журнала событий в СОРС повреждена.</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::CrlWriter</name>
    <message>
        <source>No CA certificate or CA key to sign the CRL with.</source>
        <translation>Нет регистрационного свидетельства или ключа УЦ для подписания СОРС.</translation>
    </message>
    <message>
        <source>The CA certificate does not allow signing CRLs (no cRLSign).</source>
        <translation>Регистрационное свидетельство УЦ не разрешает подписывать СОРС (нет cRLSign).</translation>
    </message>
    <message>
        <source>The CA key does not belong to the CA certificate.</source>
        <translation>Ключ УЦ не соответствует регистрационному свидетельству УЦ.</translation>
    </message>
    <message>
        <source>The CRL&apos;s next update must come after its this-update time.</source>
        <translation>Время следующего обновления СОРС (nextUpdate) должно быть позже времени его выпуска (thisUpdate).</translation>
    </message>
    <message>
        <source>A delta CRL&apos;s number must be greater than its base CRL&apos;s number.</source>
        <translation>Номер дельта-СОРС должен быть больше номера базового СОРС.</translation>
    </message>
    <message>
        <source>A delta CRL must not carry a freshest-CRL pointer.</source>
        <translation>Дельта-СОРС не должен содержать указатель Freshest CRL.</translation>
    </message>
    <message>
        <source>Cannot encode the freshest-CRL URL &quot;%1&quot;: %2</source>
        <translation>Не удалось закодировать URL Freshest CRL «%1»: %2</translation>
    </message>
    <message>
        <source>Cannot encode the CRL header: %1</source>
        <translation>Не удалось закодировать заголовок СОРС: %1</translation>
    </message>
    <message>
        <source>Revoked entry %1: the serial number is longer than 20 bytes.</source>
        <translation>Запись об отзыве %1: серийный номер длиннее 20 байт.</translation>
    </message>
    <message>
        <source>Revoked entry %1: the revocation time is out of range.</source>
        <translation>Запись об отзыве %1: время отзыва вне допустимого диапазона.</translation>
    </message>
    <message>
        <source>Revoked entry %1: the reason code %2 is not allowed in this CRL.</source>
        <translation>Запись об отзыве %1: код причины %2 недопустим в этом СОРС.</translation>
    </message>
    <message>
        <source>The CRL would exceed 4 GB.</source>
        <translation>Размер СОРС превысил бы 4 ГБ.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a usable CRL file name.</source>
        <translation>«%1» — недопустимое имя файла CRL.</translation>
    </message>
    <message>
        <source>Cannot create the directory %1.</source>
        <translation>Не удалось создать каталог %1.</translation>
    </message>
    <message>
        <source>Cannot hash the CRL: %1</source>
        <translation>Не удалось вычислить хеш СОРС: %1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Не удалось записать %1: %2</translation>
    </message>
    <message>
        <source>The CA certificate has no usable public key.</source>
        <translation>В регистрационном свидетельстве УЦ нет пригодного открытого ключа.</translation>
    </message>
    <message>
        <source>Cannot rename %1 to %2: %3</source>
        <translation>Не удалось переименовать %1 в %2: %3</translation>
    </message>
    <message>
        <source>The event-log head of a CRL needs a SHA-256 hash.</source>
        <translation>Для вершины журнала событий в СОРС нужен хэш SHA-256.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an OID.</source>
        <translation>«%1» — не OID.</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::Csr</name>
    <message>
        <source>The data is not a CSR (PKCS#10 certificate request) in PEM or DER form.</source>
        <translation>Данные не являются CSR (запросом PKCS#10 на регистрационное свидетельство) в формате PEM или DER.</translation>
    </message>
    <message>
        <source>The public key of the CSR cannot be read (malformed or of an unsupported algorithm).</source>
        <translation>Не удалось прочитать открытый ключ CSR (неверный формат или неподдерживаемый алгоритм).</translation>
    </message>
    <message>
        <source>The key in the CSR is too weak: %1</source>
        <translation>Ключ в CSR слишком слабый: %1</translation>
    </message>
    <message>
        <source>The key in the CSR is not accepted: %1</source>
        <translation>Ключ в CSR не принимается: %1</translation>
    </message>
    <message>
        <source>The CSR is signed with an unknown algorithm.</source>
        <translation>CSR подписан неизвестным алгоритмом.</translation>
    </message>
    <message>
        <source>The CSR is signed with the weak digest %1; use SHA-256 or stronger.</source>
        <translation>CSR подписан с использованием слабой хеш-функции %1; используйте SHA-256 или более стойкую.</translation>
    </message>
    <message>
        <source>The signature of the CSR does not verify: no proof of possession of the private key.</source>
        <translation>Подпись CSR не прошла проверку: владение закрытым ключом не подтверждено.</translation>
    </message>
    <message>
        <source>The key must be an RSA or EC key.</source>
        <translation>Ключ должен быть ключом RSA или EC.</translation>
    </message>
    <message>
        <source>Cannot write the CSR: %1</source>
        <translation>Не удалось записать CSR: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::InputFiles</name>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Не удалось прочитать %1: %2</translation>
    </message>
    <message>
        <source>%1 holds more than %2 KiB, more than such a file ever needs: it is not read.</source>
        <translation>Файл %1 больше %2 КиБ — больше, чем бывает у такого файла: он не читается.</translation>
    </message>
    <message>
        <source>Cannot read %1: it is not a regular file (a folder, a device or a pipe), and only a file is read.</source>
        <translation>Не удаётся прочитать %1: это не обычный файл (папка, устройство или канал), а читается только файл.</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::KeyBackup</name>
    <message>
        <source>Not a valid Tirkeu key backup: %1</source>
        <translation>Недействительная резервная копия ключа Tirkeu: %1</translation>
    </message>
    <message>
        <source>the first line is not &quot;%1&quot;.</source>
        <translation>первая строка отличается от «%1».</translation>
    </message>
    <message>
        <source>%1 lines instead of %2.</source>
        <translation>строк: %1 вместо %2.</translation>
    </message>
    <message>
        <source>line %1 should start with &quot;%2&quot;.</source>
        <translation>строка %1 должна начинаться с «%2».</translation>
    </message>
    <message>
        <source>bad threshold or share count.</source>
        <translation>неверный порог или число долей.</translation>
    </message>
    <message>
        <source>unknown cipher &quot;%1&quot;.</source>
        <translation>неизвестный шифр «%1».</translation>
    </message>
    <message>
        <source>the nonce, ciphertext or tag cannot be read.</source>
        <translation>не удалось прочитать nonce, шифртекст или тег.</translation>
    </message>
    <message>
        <source>Cannot read the backup %1: %2</source>
        <translation>Не удалось прочитать резервную копию %1: %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; cannot name backup files; use letters, digits, dots, dashes and underscores.</source>
        <translation>«%1» не годится для имени файлов резервной копии; используйте буквы, цифры, точки, дефисы и подчёркивания.</translation>
    </message>
    <message>
        <source>%1 already exists; an earlier backup is never overwritten.</source>
        <translation>%1 уже существует; прежняя резервная копия никогда не перезаписывается.</translation>
    </message>
    <message>
        <source>Cannot serialise the private key: %1</source>
        <translation>Не удалось сериализовать закрытый ключ: %1</translation>
    </message>
    <message>
        <source>Cannot encrypt the key backup: %1</source>
        <translation>Не удалось зашифровать резервную копию ключа: %1</translation>
    </message>
    <message>
        <source>%1 is a share of another backup (%2, backup %3), not of %4.</source>
        <translation>%1 — доля другой резервной копии (%2, копия %3), а не %4.</translation>
    </message>
    <message>
        <source>Share %1 was given twice (%2).</source>
        <translation>Доля %1 указана дважды (%2).</translation>
    </message>
    <message>
        <source>This backup needs %1 of its %2 shares; only %3 were given. Nothing was restored.</source>
        <translation>Для этой резервной копии нужно долей: %1 из %2; указано только %3. Ничего не восстановлено.</translation>
    </message>
    <message>
        <source>The shares do not open %1: a share or the backup file has been altered. Nothing was restored.</source>
        <translation>Доли не открывают %1: изменена доля или файл резервной копии. Ничего не восстановлено.</translation>
    </message>
    <message>
        <source>The restored private key cannot be read: %1</source>
        <translation>Не удалось прочитать восстановленный закрытый ключ: %1</translation>
    </message>
    <message>
        <source>The restored key does not match the fingerprint in %1.</source>
        <translation>Восстановленный ключ не соответствует отпечатку в %1.</translation>
    </message>
    <message>
        <source>%1 already exists; it is not overwritten.</source>
        <translation>Файл %1 уже существует и не будет перезаписан.</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::KeyGenerator</name>
    <message>
        <source>Unknown key algorithm &quot;%1&quot;; use rsa2048, rsa3072, rsa4096, p256 or p384.</source>
        <translation>Неизвестный алгоритм ключа «%1»; укажите rsa2048, rsa3072, rsa4096, p256 или p384.</translation>
    </message>
    <message>
        <source>RSA keys of %1 bits are not supported here; use 2048, 3072 or 4096 bits.</source>
        <translation>Ключи RSA длиной %1 бит здесь не поддерживаются; используйте 2048, 3072 или 4096 бит.</translation>
    </message>
    <message>
        <source>Cannot generate a %1 key: %2</source>
        <translation>Не удалось сгенерировать ключ %1: %2</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::KeyPolicy</name>
    <message>
        <source>The RSA key has %1 bits; at least %2 are required.</source>
        <translation>Ключ RSA имеет длину %1 бит; требуется не менее %2.</translation>
    </message>
    <message>
        <source>The RSA key has %1 bits; at most %2 are accepted.</source>
        <translation>Ключ RSA имеет длину %1 бит; принимается не более %2.</translation>
    </message>
    <message>
        <source>The public exponent of the RSA key cannot be read.</source>
        <translation>Не удаётся прочитать открытую экспоненту ключа RSA.</translation>
    </message>
    <message>
        <source>with e = 1 anyone can make signatures that verify with this key, without the private key</source>
        <translation>при e = 1 любой может создать подпись, которая проверяется этим ключом, без закрытого ключа</translation>
    </message>
    <message>
        <source>a small exponent such as 3 is open to low-exponent attacks on signatures and encryption</source>
        <translation>малая экспонента, например 3, уязвима для атак на подписи и шифрование с малой экспонентой</translation>
    </message>
    <message>
        <source>an even exponent does not make a valid RSA key</source>
        <translation>с чётной экспонентой ключ RSA недействителен</translation>
    </message>
    <message>
        <source>this CA certifies RSA keys with the exponent 65537 only</source>
        <translation>этот УЦ удостоверяет ключи RSA только с экспонентой 65537</translation>
    </message>
    <message>
        <source>The RSA public exponent is %1; only 65537 is accepted: %2.</source>
        <translation>Открытая экспонента RSA равна %1; принимается только 65537: %2.</translation>
    </message>
    <message>
        <source>The EC key gives its curve by explicit parameters; only the named curves P-256 and P-384, identified by their OID, are accepted.</source>
        <translation>Ключ EC задаёт кривую явными параметрами; принимаются только именованные кривые P-256 и P-384, указанные своим OID.</translation>
    </message>
    <message>
        <source>The EC key uses the curve %1; only P-256 and P-384 are accepted.</source>
        <translation>Ключ EC использует кривую %1; принимаются только P-256 и P-384.</translation>
    </message>
    <message>
        <source>with explicit parameters</source>
        <translation>с явными параметрами</translation>
    </message>
    <message>
        <source>No public key.</source>
        <translation>Нет открытого ключа.</translation>
    </message>
    <message>
        <source>%1 keys are not accepted; use RSA (2048 to 8192 bits, exponent 65537) or ECDSA P-256/P-384.</source>
        <translation>Ключи %1 не принимаются; используйте RSA (от 2048 до 8192 бит, экспонента 65537) или ECDSA P-256/P-384.</translation>
    </message>
    <message>
        <source>The public key is not a well-formed SubjectPublicKeyInfo.</source>
        <translation>Открытый ключ — неправильно сформированная структура SubjectPublicKeyInfo.</translation>
    </message>
    <message>
        <source>The public key algorithm cannot be read.</source>
        <translation>Не удаётся прочитать алгоритм открытого ключа.</translation>
    </message>
    <message>
        <source>The public key cannot be read (malformed or of an unsupported algorithm).</source>
        <translation>Не удаётся прочитать открытый ключ (повреждён или алгоритм не поддерживается).</translation>
    </message>
    <message>
        <source>Cannot encode the public key: %1</source>
        <translation>Не удаётся закодировать открытый ключ: %1</translation>
    </message>
    <message>
        <source>The RSA modulus is not a product of large primes (it is prime, a prime power or has a small factor): anyone could compute the private key from the certificate and sign as its holder.</source>
        <translation>Модуль RSA не является произведением больших простых чисел (он простой, степень простого числа или имеет малый делитель): любой может вычислить закрытый ключ по сертификату и подписывать от имени его владельца.</translation>
    </message>
    <message>
        <source>The public half of the RSA key cannot be read.</source>
        <translation>Не удаётся прочитать открытую часть ключа RSA.</translation>
    </message>
    <message>
        <source>The modulus of the RSA key cannot be read.</source>
        <translation>Не удаётся прочитать модуль ключа RSA.</translation>
    </message>
    <message>
        <source>The RSA modulus factors by Fermat&apos;s method: its two primes are too close together, so anyone could compute the private key from the certificate and sign as its holder.</source>
        <translation>Модуль RSA раскладывается методом Ферма: его два простых множителя слишком близки, поэтому любой может вычислить закрытый ключ по свидетельству и подписывать от имени владельца.</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::OcspSigner</name>
    <message>
        <source>The CA or OCSP signing certificate cannot be read.</source>
        <translation>Не удаётся прочитать регистрационное свидетельство УЦ или подписи OCSP.</translation>
    </message>
    <message>
        <source>No OCSP signing key.</source>
        <translation>Нет ключа подписи OCSP.</translation>
    </message>
    <message>
        <source>The OCSP signing key is the CA key: responses are signed only by a delegated key.</source>
        <translation>Ключ подписи OCSP совпадает с ключом УЦ: ответы подписываются только делегированным ключом.</translation>
    </message>
    <message>
        <source>The OCSP signing certificate was not issued by this CA.</source>
        <translation>Регистрационное свидетельство подписи OCSP выпущено не этим УЦ.</translation>
    </message>
    <message>
        <source>The certificate is not an OCSP signing certificate (extendedKeyUsage id-kp-OCSPSigning is missing).</source>
        <translation>Регистрационное свидетельство не предназначено для подписи OCSP (нет extendedKeyUsage id-kp-OCSPSigning).</translation>
    </message>
    <message>
        <source>The OCSP signing key does not match its certificate.</source>
        <translation>Ключ подписи OCSP не соответствует своему регистрационному свидетельству.</translation>
    </message>
    <message>
        <source>Cannot hash the CA certificate: %1</source>
        <translation>Не удаётся вычислить хэш регистрационного свидетельства УЦ: %1</translation>
    </message>
    <message>
        <source>The OCSP signing key is neither RSA nor EC.</source>
        <translation>Ключ подписи OCSP — не RSA и не EC.</translation>
    </message>
    <message>
        <source>Internal error: no answer for a certificate.</source>
        <translation>Внутренняя ошибка: нет ответа для регистрационного свидетельства.</translation>
    </message>
    <message>
        <source>Cannot build the OCSP response: %1</source>
        <translation>Не удаётся сформировать ответ OCSP: %1</translation>
    </message>
    <message>
        <source>Cannot echo the request nonce: %1</source>
        <translation>Не удаётся вернуть nonce запроса: %1</translation>
    </message>
    <message>
        <source>Cannot sign the OCSP response: %1</source>
        <translation>Не удаётся подписать ответ OCSP: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::OcspSignerCertificate</name>
    <message>
        <source>The CA certificate, CA key or signer key is missing.</source>
        <translation>Отсутствует регистрационное свидетельство УЦ, ключ УЦ или ключ подписанта.</translation>
    </message>
    <message>
        <source>The OCSP signing key must not be the CA key.</source>
        <translation>Ключ подписи OCSP не должен быть ключом УЦ.</translation>
    </message>
    <message>
        <source>The CA key does not match the CA certificate.</source>
        <translation>Ключ УЦ не соответствует регистрационному свидетельству УЦ.</translation>
    </message>
    <message>
        <source>The validity period is empty or invalid.</source>
        <translation>Срок действия пуст или неверен.</translation>
    </message>
    <message>
        <source>Cannot prepare the OCSP signing certificate.</source>
        <translation>Не удаётся подготовить регистрационное свидетельство подписи OCSP.</translation>
    </message>
    <message>
        <source>Cannot prepare the OCSP signing certificate: %1</source>
        <translation>Не удаётся подготовить регистрационное свидетельство подписи OCSP: %1</translation>
    </message>
    <message>
        <source>Cannot sign the OCSP signing certificate: %1</source>
        <translation>Не удаётся подписать регистрационное свидетельство подписи OCSP: %1</translation>
    </message>
    <message>
        <source>The new OCSP signing certificate does not verify: %1</source>
        <translation>Новое регистрационное свидетельство подписи OCSP не проходит проверку: %1</translation>
    </message>
    <message>
        <source>The previous certificate is not an OCSP signing certificate.</source>
        <translation>Предыдущее регистрационное свидетельство не предназначено для подписи OCSP.</translation>
    </message>
    <message>
        <source>The previous OCSP signing certificate was not issued by this CA.</source>
        <translation>Предыдущее регистрационное свидетельство подписи OCSP выпущено не этим УЦ.</translation>
    </message>
    <message>
        <source>The CA certificate ended on %1: it certifies no OCSP signer.</source>
        <translation>Срок сертификата УЦ истёк %1: он не удостоверяет ни одного подписанта OCSP.</translation>
    </message>
    <message>
        <source>The CA certificate is valid from %1 only: it certifies no OCSP signer before then.</source>
        <translation>Сертификат УЦ действителен только с %1: до этого он не удостоверяет ни одного подписанта OCSP.</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::Pkcs11Engine</name>
    <message>
        <source>&quot;%1&quot; is not a PKCS#11 URI.</source>
        <translation>«%1» не является URI PKCS#11.</translation>
    </message>
    <message>
        <source>The PKCS#11 URI must not carry the PIN; give it from a prompt, a file or a variable.</source>
        <translation>URI PKCS#11 не должен содержать PIN-код; введите его по запросу или передайте через файл или переменную.</translation>
    </message>
    <message>
        <source>The PKCS#11 module %1 does not exist (set TIRKEU_PKCS11_MODULE).</source>
        <translation>Модуль PKCS#11 %1 не найден (задайте TIRKEU_PKCS11_MODULE).</translation>
    </message>
    <message>
        <source>The OpenSSL pkcs11 engine is not available (install libengine-pkcs11-openssl): %1</source>
        <translation>Модуль OpenSSL pkcs11 (engine) недоступен (установите libengine-pkcs11-openssl): %1</translation>
    </message>
    <message>
        <source>Cannot configure the pkcs11 engine: %1</source>
        <translation>Не удалось настроить модуль pkcs11 (engine): %1</translation>
    </message>
    <message>
        <source>Cannot initialise the pkcs11 engine with %1: %2</source>
        <translation>Не удалось инициализировать модуль pkcs11 (engine) с %1: %2</translation>
    </message>
    <message>
        <source>Cannot load the private key %1 from the token (wrong PIN, or no such token or object): %2</source>
        <translation>Не удалось загрузить закрытый ключ %1 с токена (неверный PIN-код либо нет такого токена или объекта): %2</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::Pkcs12</name>
    <message>
        <source>A PKCS#12 file needs a private key and its certificate.</source>
        <translation>Для файла PKCS#12 нужны закрытый ключ и его регистрационное свидетельство.</translation>
    </message>
    <message>
        <source>A PKCS#12 file needs a password.</source>
        <translation>Для файла PKCS#12 нужен пароль.</translation>
    </message>
    <message>
        <source>%1 PBKDF2 iterations are too few; at least %2.</source>
        <translation>Слишком мало итераций PBKDF2 (%1); требуется не менее %2.</translation>
    </message>
    <message>
        <source>The private key does not belong to the certificate.</source>
        <translation>Закрытый ключ не соответствует регистрационному свидетельству.</translation>
    </message>
    <message>
        <source>Out of memory.</source>
        <translation>Недостаточно памяти.</translation>
    </message>
    <message>
        <source>Invalid CA certificate in the chain.</source>
        <translation>Недопустимое регистрационное свидетельство УЦ в цепочке.</translation>
    </message>
    <message>
        <source>Cannot build the PKCS#12 file: %1</source>
        <translation>Не удалось сформировать файл PKCS#12: %1</translation>
    </message>
    <message>
        <source>Cannot encode the PKCS#12 file: %1</source>
        <translation>Не удалось закодировать файл PKCS#12: %1</translation>
    </message>
    <message>
        <source>Not a PKCS#12 file: %1</source>
        <translation>Не является файлом PKCS#12: %1</translation>
    </message>
    <message>
        <source>The PKCS#12 file has no integrity MAC; it is not accepted.</source>
        <translation>Файл PKCS#12 не содержит MAC целостности и не принимается.</translation>
    </message>
    <message>
        <source>Wrong password, or the PKCS#12 file is damaged.</source>
        <translation>Неверный пароль, или файл PKCS#12 повреждён.</translation>
    </message>
    <message>
        <source>Cannot read the PKCS#12 contents: %1</source>
        <translation>Не удалось прочитать содержимое PKCS#12: %1</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Не удалось прочитать %1: %2</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::Profile</name>
    <message>
        <source>Unknown certificate profile &quot;%1&quot;.</source>
        <translation>Неизвестный профиль регистрационного свидетельства «%1».</translation>
    </message>
    <message>
        <source>Unknown role of a legal entity&apos;s representative &quot;%1&quot;.</source>
        <translation>Неизвестная роль представителя юридического лица «%1».</translation>
    </message>
    <message>
        <source>The profile &quot;%1&quot; needs the role of the legal entity&apos;s representative.</source>
        <translation>Для профиля «%1» нужна роль представителя юридического лица.</translation>
    </message>
    <message>
        <source>The profile &quot;%1&quot; takes no legal-entity role.</source>
        <translation>Профиль «%1» не предусматривает роли представителя юридического лица.</translation>
    </message>
    <message>
        <source>Individual, signing</source>
        <translation>Физическое лицо, подписание</translation>
    </message>
    <message>
        <source>Individual, authentication</source>
        <translation>Физическое лицо, аутентификация</translation>
    </message>
    <message>
        <source>Legal entity, signing</source>
        <translation>Юридическое лицо, подписание</translation>
    </message>
    <message>
        <source>Legal entity, authentication</source>
        <translation>Юридическое лицо, аутентификация</translation>
    </message>
    <message>
        <source>Government body employee, signing and authentication</source>
        <translation>Сотрудник государственного органа, подписание и аутентификация</translation>
    </message>
    <message>
        <source>Subordinate CA</source>
        <translation>Подчинённый УЦ</translation>
    </message>
    <message>
        <source>Root CA</source>
        <translation>Корневой УЦ</translation>
    </message>
    <message>
        <source>first head</source>
        <comment>legal-entity role</comment>
        <translation>первый руководитель</translation>
    </message>
    <message>
        <source>signer</source>
        <comment>legal-entity role</comment>
        <translation>лицо с правом подписи</translation>
    </message>
    <message>
        <source>financial signer</source>
        <comment>legal-entity role</comment>
        <translation>лицо с правом подписи финансовых документов</translation>
    </message>
    <message>
        <source>HR</source>
        <comment>legal-entity role</comment>
        <translation>сотрудник кадровой службы</translation>
    </message>
    <message>
        <source>employee</source>
        <comment>legal-entity role</comment>
        <translation>сотрудник организации</translation>
    </message>
    <message>
        <source>OCSP responder</source>
        <translation>OCSP-ответчик</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::SecretSharing</name>
    <message>
        <source>The threshold must be at least 2 (it is %1).</source>
        <translation>Порог должен быть не меньше 2 (указано: %1).</translation>
    </message>
    <message>
        <source>%1 shares cannot meet a threshold of %2.</source>
        <translation>Число долей (%1) меньше порога (%2).</translation>
    </message>
    <message>
        <source>At most %1 shares are possible (%2 asked).</source>
        <translation>Допускается не более %1 долей (запрошено: %2).</translation>
    </message>
    <message>
        <source>The random generator failed: %1</source>
        <translation>Сбой генератора случайных чисел: %1</translation>
    </message>
    <message>
        <source>There is no secret to split.</source>
        <translation>Нет секрета для разделения.</translation>
    </message>
    <message>
        <source>A threshold of %1 needs %2 coefficient sets.</source>
        <translation>Для порога %1 нужно наборов коэффициентов: %2.</translation>
    </message>
    <message>
        <source>Each coefficient set must be as long as the secret.</source>
        <translation>Длина каждого набора коэффициентов должна совпадать с длиной секрета.</translation>
    </message>
    <message>
        <source>Share index %1 is out of range (1 to 255).</source>
        <translation>Номер доли %1 вне диапазона (от 1 до 255).</translation>
    </message>
    <message>
        <source>Share %1 was given twice.</source>
        <translation>Доля %1 указана дважды.</translation>
    </message>
    <message>
        <source>The shares have different lengths; they are not from one split.</source>
        <translation>Доли разной длины: они получены не из одного разделения.</translation>
    </message>
    <message>
        <source>%1 shares are needed to restore the secret; only %2 were given.</source>
        <translation>Для восстановления секрета нужно долей: %1; указано только %2.</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::SecretSource</name>
    <message>
        <source>No environment variable named for the secret.</source>
        <translation>Не указана переменная окружения для секрета.</translation>
    </message>
    <message>
        <source>The environment variable %1 is not set.</source>
        <translation>Переменная окружения %1 не задана.</translation>
    </message>
    <message>
        <source>Cannot read the secret file %1: %2</source>
        <translation>Не удалось прочитать файл секрета %1: %2</translation>
    </message>
    <message>
        <source>No way to ask for the secret was given.</source>
        <translation>Не задан способ запроса секрета.</translation>
    </message>
    <message>
        <source>No passphrase or PIN was entered.</source>
        <translation>Парольная фраза или PIN-код не введены.</translation>
    </message>
    <message>
        <source>The passphrase or PIN is empty.</source>
        <translation>Пустая парольная фраза или PIN-код.</translation>
    </message>
    <message>
        <source>The secret file %1 can be read or changed by other users (mode %2): what it holds may be known already. Make it the owner&apos;s only (chmod 0600 %1; 0640 for a group) and change the secret if others could have read it.</source>
        <translation>Секретный файл %1 доступен другим пользователям для чтения или изменения (права %2): его содержимое, возможно, уже известно. Оставьте доступ только владельцу (chmod 0600 %1; 0640 для группы) и смените секрет, если другие могли его прочитать.</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::ShareFile</name>
    <message>
        <source>The share file is damaged or not a Tirkeu share: %1</source>
        <translation>Файл доли повреждён или не является долей Tirkeu: %1</translation>
    </message>
    <message>
        <source>the first line is not &quot;%1&quot;.</source>
        <translation>первая строка отличается от «%1».</translation>
    </message>
    <message>
        <source>%1 lines instead of %2.</source>
        <translation>строк: %1 вместо %2.</translation>
    </message>
    <message>
        <source>line %1 should start with &quot;%2&quot;.</source>
        <translation>строка %1 должна начинаться с «%2».</translation>
    </message>
    <message>
        <source>a number or the share value cannot be read.</source>
        <translation>не удалось прочитать число или значение доли.</translation>
    </message>
    <message>
        <source>the checksum does not match its contents.</source>
        <translation>контрольная сумма не соответствует содержимому.</translation>
    </message>
    <message>
        <source>share index %1 is outside 1..%2.</source>
        <translation>номер доли %1 вне диапазона 1..%2.</translation>
    </message>
    <message>
        <source>Cannot read the share file %1: %2</source>
        <translation>Не удалось прочитать файл доли %1: %2</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::SignatureAlgorithm</name>
    <message>
        <source>The CA key must be an RSA or EC key.</source>
        <translation>Ключ УЦ должен быть ключом RSA или EC.</translation>
    </message>
    <message>
        <source>Cannot build the signature algorithm: %1</source>
        <translation>Не удалось сформировать алгоритм подписи: %1</translation>
    </message>
    <message>
        <source>Signing failed: %1</source>
        <translation>Ошибка подписания: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::SubjectName</name>
    <message>
        <source>The country must be a two-letter upper-case code, e.g. KZ.</source>
        <translation>Страна указывается двухбуквенным кодом заглавными буквами, например KZ.</translation>
    </message>
    <message>
        <source>The CA name is empty.</source>
        <translation>Не указано наименование УЦ.</translation>
    </message>
    <message>
        <source>The surname and the name of the holder are required.</source>
        <translation>Фамилия и имя владельца обязательны.</translation>
    </message>
    <message>
        <source>A name part is longer than %1 characters.</source>
        <translation>Часть имени длиннее %1 символов.</translation>
    </message>
    <message>
        <source>The IIN must consist of exactly 12 digits.</source>
        <translation>ИИН должен состоять ровно из 12 цифр.</translation>
    </message>
    <message>
        <source>The BIN must consist of exactly 12 digits.</source>
        <translation>БИН должен состоять ровно из 12 цифр.</translation>
    </message>
    <message>
        <source>The common name &quot;%1&quot; is longer than %2 characters.</source>
        <translation>Общее имя (CN) «%1» длиннее %2 символов.</translation>
    </message>
    <message>
        <source>The organisation or unit name is longer than %1 characters.</source>
        <translation>Наименование организации или подразделения длиннее %1 символов.</translation>
    </message>
    <message>
        <source>Out of memory.</source>
        <translation>Недостаточно памяти.</translation>
    </message>
    <message>
        <source>Cannot build the subject name: %1</source>
        <translation>Не удалось сформировать имя субъекта: %1</translation>
    </message>
    <message>
        <source>Cannot encode the subject name: %1</source>
        <translation>Не удалось закодировать имя субъекта: %1</translation>
    </message>
    <message>
        <source>The data is not a DER-encoded X.509 name.</source>
        <translation>Данные не являются именем X.509 в кодировке DER.</translation>
    </message>
    <message>
        <source>A BIN needs the name of the organisation it identifies.</source>
        <translation>Для БИН нужно наименование организации, которой он присвоен.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an attribute of a CA name; use C, O, OU and CN.</source>
        <translation>«%1» не является атрибутом имени УЦ; используйте C, O, OU и CN.</translation>
    </message>
    <message>
        <source>The CA name lists %1 twice.</source>
        <translation>В имени УЦ %1 указан дважды.</translation>
    </message>
    <message>
        <source>A CA name needs at least C and CN (e.g. &quot;C,CN&quot; or &quot;C,O,CN&quot;).</source>
        <translation>Имени УЦ нужны как минимум C и CN (например, &quot;C,CN&quot; или &quot;C,O,CN&quot;).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; holds a control, invisible (bidi or zero-width) or private-use character; such names are not certified.</source>
        <translation>«%1» содержит управляющий, невидимый (направления текста или нулевой ширины) символ или символ для частного использования; такие имена не удостоверяются.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Agenda</name>
    <message>
        <source>The number of days must be between 1 and 3660: %1</source>
        <translation>Число дней должно быть от 1 до 3660: %1</translation>
    </message>
    <message>
        <source>The number of hours must be between 0 and 8760: %1</source>
        <translation>Число часов должно быть от 0 до 8760: %1</translation>
    </message>
    <message>
        <source>Applications overdue: %1</source>
        <translation>Просроченные заявления: %1</translation>
    </message>
    <message>
        <source>the oldest deadline was %1</source>
        <translation>самый ранний срок был %1</translation>
    </message>
    <message>
        <source>Applications due today: %1</source>
        <translation>Заявления со сроком сегодня: %1</translation>
    </message>
    <message>
        <source>Revocation requests due within their working days: %1</source>
        <translation>Заявления на отзыв в пределах их рабочих дней: %1</translation>
    </message>
    <message>
        <source>the first is due %1</source>
        <translation>срок первого — %1</translation>
    </message>
    <message>
        <source>CRLs to publish: %1</source>
        <translation>СОРС к публикации: %1</translation>
    </message>
    <message>
        <source>%1: the next update was due %2</source>
        <translation>%1: следующее обновление было назначено на %2</translation>
    </message>
    <message>
        <source>%1: the next update is due %2</source>
        <translation>%1: следующее обновление — %2</translation>
    </message>
    <message>
        <source>Revocations waiting for a CRL (key compromise): %1</source>
        <translation>Отзывы, ожидающие СОРС (компрометация ключа): %1</translation>
    </message>
    <message>
        <source>publish a CRL of %1</source>
        <translation>опубликовать СОРС %1</translation>
    </message>
    <message numerus="yes">
        <source>Certificates expiring within %n day(s): %1</source>
        <translation>
            <numerusform>Свидетельства, истекающие в течение %n дня: %1</numerusform>
            <numerusform>Свидетельства, истекающие в течение %n дней: %1</numerusform>
            <numerusform>Свидетельства, истекающие в течение %n дней: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>the first on %1</source>
        <translation>первое — %1</translation>
    </message>
    <message>
        <source>Audit anchors not published: %1</source>
        <translation>Неопубликованные якоря аудита: %1</translation>
    </message>
    <message>
        <source>from %1, in %2</source>
        <translation>с %1, в %2</translation>
    </message>
    <message>
        <source>My drafts, not yet registered: %1</source>
        <translation>Мои черновики, ещё не зарегистрированные: %1</translation>
    </message>
    <message>
        <source>the oldest is deleted on %1</source>
        <translation>самый старый удаляется %1</translation>
    </message>
    <message>
        <source>%1 ended on %2</source>
        <translation>у %1 срок истёк %2</translation>
    </message>
    <message>
        <source>%1 ends on %2</source>
        <translation>у %1 срок истекает %2</translation>
    </message>
    <message numerus="yes">
        <source>CA certificates ending within %n day(s) or ended: %1</source>
        <translation>
            <numerusform>Сертификаты УЦ, истекающие в течение %n дня или истёкшие: %1</numerusform>
            <numerusform>Сертификаты УЦ, истекающие в течение %n дней или истёкшие: %1</numerusform>
            <numerusform>Сертификаты УЦ, истекающие в течение %n дней или истёкшие: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Applications</name>
    <message>
        <source>registered</source>
        <translation>зарегистрировано</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>одобрено</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>отклонено</translation>
    </message>
    <message>
        <source>done</source>
        <translation>исполнено</translation>
    </message>
    <message>
        <source>The certificate %1 is not in this CA&apos;s register.</source>
        <translation>Регистрационного свидетельства %1 нет в реестре этого УЦ.</translation>
    </message>
    <message>
        <source>The certificate %1 is already revoked.</source>
        <translation>Регистрационное свидетельство %1 уже отозвано.</translation>
    </message>
    <message>
        <source>The certificate %1 does not belong to the applicant named on the form.</source>
        <translation>Регистрационное свидетельство %1 не принадлежит заявителю, указанному в форме.</translation>
    </message>
    <message>
        <source>Unknown form %1. Known forms: %2</source>
        <translation>Неизвестная форма %1. Известные формы: %2</translation>
    </message>
    <message>
        <source>The form %1 is not used by the CA %2 (%3).</source>
        <translation>Форма %1 не применяется в УЦ %2 (%3).</translation>
    </message>
    <message>
        <source>The CA %1 has ceased operation.</source>
        <translation>УЦ %1 прекратил деятельность.</translation>
    </message>
    <message>
        <source>The receipt time cannot be in the future.</source>
        <translation>Время поступления не может быть в будущем.</translation>
    </message>
    <message>
        <source>There is no application number %1.</source>
        <translation>Заявления № %1 нет.</translation>
    </message>
    <message>
        <source>Application %1 is %2; it cannot become %3.</source>
        <translation>Заявление %1 имеет статус «%2»; перевести его в статус «%3» нельзя.</translation>
    </message>
    <message>
        <source>Four-eyes rule: application %1 was registered by you; another officer must approve or reject it.</source>
        <translation>Правило двух лиц: заявление %1 зарегистрировано вами; одобрить или отклонить его должен другой сотрудник УЦ.</translation>
    </message>
    <message>
        <source>The CA %1 has no certificate with the serial number %2.</source>
        <translation>У УЦ %1 нет регистрационного свидетельства с серийным номером %2.</translation>
    </message>
    <message>
        <source>The certificate %1 was not issued from an application of this register; fill in a new application.</source>
        <translation>Регистрационное свидетельство %1 выдано не по заявлению из этого реестра; заполните новое заявление.</translation>
    </message>
    <message>
        <source>No required attachment is missing; register the application without marking its documents missing.</source>
        <translation>Все обязательные приложения имеются; зарегистрируйте заявление без отметки об отсутствии документов.</translation>
    </message>
    <message>
        <source>A rejection needs a reason code (one of the CA&apos;s grounds of refusal); free text can only be added as a note.</source>
        <translation>Для отклонения нужен код основания (одно из оснований для отказа УЦ); произвольный текст можно добавить только как примечание.</translation>
    </message>
    <message>
        <source>Application %1 was received without the required documents (%2); it can only be refused on that ground.</source>
        <translation>Заявление %1 поступило без обязательных документов (%2); по нему возможен только отказ по этому основанию.</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Примечание</translation>
    </message>
    <message>
        <source>Application %1 was made to another CA.</source>
        <translation>Заявление №%1 подано в другой УЦ.</translation>
    </message>
    <message>
        <source>Application %1 is not an application for revocation.</source>
        <translation>Заявление №%1 не является заявлением на отзыв.</translation>
    </message>
    <message>
        <source>Application %1 is not approved: a revocation application is carried out after another officer approved it.</source>
        <translation>Заявление №%1 не одобрено: заявление на отзыв исполняется после одобрения другим сотрудником УЦ.</translation>
    </message>
    <message>
        <source>Application %1 does not ask for the certificate %2 to be revoked for this reason: a revocation carried out on an application revokes what it names, for the reason it gives.</source>
        <translation>Заявление №%1 не просит отозвать свидетельство %2 по этой причине: отзыв по заявлению отзывает только названное в нём и по указанной в нём причине.</translation>
    </message>
    <message>
        <source>Application %1 is of a form this program does not know.</source>
        <translation>Заявление №%1 составлено по форме, неизвестной этой программе.</translation>
    </message>
    <message>
        <source>Application %1 asks for the certificate %2 to be revoked, which has not been done on it: a revocation application is finished by carrying it out (certificate revoke --application %1), or rejected.</source>
        <translation>Заявление №%1 просит отозвать свидетельство %2, но по нему это не сделано: заявление на отзыв завершается его исполнением (certificate revoke --application %1) или отклоняется.</translation>
    </message>
    <message>
        <source>The certificate %1 is not the certificate of the CA %2 named on the form.</source>
        <translation>Свидетельство %1 не является свидетельством УЦ %2, названного в заявлении.</translation>
    </message>
    <message>
        <source>The certificate %1 was issued on a letter of %2, not of %3: a body&apos;s letter revokes its own employees&apos; certificates.</source>
        <translation>Регистрационное свидетельство %1 выдано по письму %2, а не %3: письмо органа отзывает свидетельства только его сотрудников.</translation>
    </message>
    <message>
        <source>The form gives %1 as the issue date of the certificate %2, but it was issued on %3: check the serial number and the issue date on the form.</source>
        <translation>В заявлении указана дата выдачи свидетельства %2 — %1, но оно выдано %3: проверьте серийный номер и дату выдачи в заявлении.</translation>
    </message>
    <message>
        <source>The certificate to be replaced is not in this CA&apos;s register.</source>
        <translation>Заменяемого свидетельства нет в реестре этого УЦ.</translation>
    </message>
    <message>
        <source>The certificate %1 belongs to another holder: a re-issue replaces a certificate of the holder the form names.</source>
        <translation>Свидетельство %1 принадлежит другому владельцу: перевыпуск заменяет свидетельство владельца, указанного в заявлении.</translation>
    </message>
    <message>
        <source>The certificate %1 was not issued on an application of this kind (%2): a re-issue replaces a certificate issued on the same kind of application.</source>
        <translation>Свидетельство %1 выдано не по заявлению этого вида (%2): перевыпуск заменяет свидетельство, выданное по заявлению того же вида.</translation>
    </message>
    <message>
        <source>A re-issue on a letter names one person: the holder of the certificate %1.</source>
        <translation>При перевыпуске по письму указывается одно лицо — владелец свидетельства %1.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::AuditLog</name>
    <message>
        <source>Internal error: audit events are written only inside a transaction.</source>
        <translation>Внутренняя ошибка: события журнала записываются только внутри транзакции.</translation>
    </message>
    <message>
        <source>The event log is empty.</source>
        <translation>Журнал событий пуст.</translation>
    </message>
    <message>
        <source>No anchor for %1: no events were recorded that day.</source>
        <translation>Нет контрольной точки за %1: в этот день события не регистрировались.</translation>
    </message>
    <message>
        <source>Event %1 is missing (deleted).</source>
        <translation>Событие %1 отсутствует (удалено).</translation>
    </message>
    <message>
        <source>Events %1 to %2 are missing (deleted).</source>
        <translation>События с %1 по %2 отсутствуют (удалены).</translation>
    </message>
    <message>
        <source>Event %1 is out of order.</source>
        <translation>Событие %1 нарушает порядок следования.</translation>
    </message>
    <message>
        <source>Event %1 does not link to the event before it (its previous hash differs).</source>
        <translation>Событие %1 не связано с предыдущим (хеш предыдущего события не совпадает).</translation>
    </message>
    <message>
        <source>Event %1 was altered: its content does not match its hash.</source>
        <translation>Событие %1 изменено: его содержимое не соответствует хешу.</translation>
    </message>
    <message>
        <source>Event %1 does not match the daily anchor recorded for it.</source>
        <translation>Событие %1 не соответствует записанной для него суточной контрольной точке.</translation>
    </message>
    <message>
        <source>Event %1 is missing (deleted): the anchor of %2 names it.</source>
        <translation>Событие %1 отсутствует (удалено): на него указывает контрольная точка за %2.</translation>
    </message>
    <message>
        <source>Events %1 to %2 are missing (deleted): the anchor of %3 names event %2.</source>
        <translation>События с %1 по %2 отсутствуют (удалены): контрольная точка за %3 указывает на событие %2.</translation>
    </message>
    <message>
        <source>The audit key&apos;s location and public key are required.</source>
        <translation>Нужны расположение ключа аудита и его открытый ключ.</translation>
    </message>
    <message>
        <source>An audit signing key is already set up (SHA-256 %1); give --replace to set up another one. Anchors signed with the old key are then checked with --anchor-key.</source>
        <translation>Ключ подписи аудита уже настроен (SHA-256 %1); чтобы настроить другой, укажите --replace. Якоря, подписанные старым ключом, затем проверяются с --anchor-key.</translation>
    </message>
    <message>
        <source>Only a finished day has a signed anchor; %1 is not over yet.</source>
        <translation>Подписанный якорь есть только у завершённого дня; %1 ещё не закончился.</translation>
    </message>
    <message>
        <source>This key (SHA-256 %1) is not the register&apos;s audit signing key (%2).</source>
        <translation>Этот ключ (SHA-256 %1) не является ключом подписи аудита реестра (%2).</translation>
    </message>
    <message>
        <source>Cannot create the anchor folder %1.</source>
        <translation>Не удаётся создать папку якорей %1.</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>Не удаётся записать %1.</translation>
    </message>
    <message>
        <source>The anchor folder %1 does not exist.</source>
        <translation>Папка якорей %1 не существует.</translation>
    </message>
    <message>
        <source>The anchor folder %1 holds no signed anchors (deleted?).</source>
        <translation>В папке якорей %1 нет подписанных якорей (удалены?).</translation>
    </message>
    <message>
        <source>%1 is not a signed anchor (damaged or forged).</source>
        <translation>%1 не является подписанным якорем (повреждён или подделан).</translation>
    </message>
    <message>
        <source>The signature of %1 does not verify with the audit key %2 (forged or altered).</source>
        <translation>Подпись %1 не проверяется ключом аудита %2 (подделана или изменена).</translation>
    </message>
    <message>
        <source>%1 is an anchor of another register.</source>
        <translation>%1 — якорь другого реестра.</translation>
    </message>
    <message>
        <source>The signed anchor of %1 is missing from %2 (deleted?).</source>
        <translation>Подписанный якорь за %1 отсутствует в %2 (удалён?).</translation>
    </message>
    <message>
        <source>The signed anchor of %1 names event %2, before the previous day&apos;s event %3.</source>
        <translation>Подписанный якорь за %1 называет событие %2, предшествующее событию %3 предыдущего дня.</translation>
    </message>
    <message>
        <source>Event %1 is missing (deleted): the signed anchor of %2 names it.</source>
        <translation>Событие %1 отсутствует (удалено): его называет подписанный якорь за %2.</translation>
    </message>
    <message>
        <source>Events %1 to %2 are missing (deleted): the signed anchor of %3 names event %2.</source>
        <translation>События с %1 по %2 отсутствуют (удалены): подписанный якорь за %3 называет событие %2.</translation>
    </message>
    <message>
        <source>The archived head event %1 differs from the signed anchor of %2 (forged archive batch).</source>
        <translation>Архивное головное событие %1 отличается от подписанного якоря за %2 (поддельный пакет архива).</translation>
    </message>
    <message>
        <source>Event %1 differs from the signed anchor of %2: the chain was rewritten.</source>
        <translation>Событие %1 отличается от подписанного якоря за %2: цепочка переписана.</translation>
    </message>
    <message>
        <source>Event %1 is dated %2 or earlier but is not in that day&apos;s signed anchor (added afterwards).</source>
        <translation>Событие %1 датировано %2 или раньше, но его нет в подписанном якоре этого дня (добавлено позже).</translation>
    </message>
    <message>
        <source>The archive batch %1 (%2): %3</source>
        <translation>Пакет архива %1 (%2): %3</translation>
    </message>
    <message>
        <source>its manifest %1 cannot be read (missing?).</source>
        <translation>его манифест %1 не читается (отсутствует?).</translation>
    </message>
    <message>
        <source>its manifest does not match the SHA-256 recorded in the register.</source>
        <translation>его манифест не совпадает с SHA-256, записанным в реестре.</translation>
    </message>
    <message>
        <source>the archived chain head differs from the one recorded in the register.</source>
        <translation>архивная голова цепочки отличается от записанной в реестре.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The CRL %1 was issued by no CA of this register.</source>
        <translation>СОРС %1 выпущен ни одним УЦ этого реестра.</translation>
    </message>
    <message>
        <source>The CRL %1 is not signed by the CA %2: %3</source>
        <translation>СОРС %1 не подписан УЦ %2: %3</translation>
    </message>
    <message>
        <source>The CRL %1 has number %2, but the register&apos;s newest CRL of %3 is number %4: CRL records were removed or the register was rolled back.</source>
        <translation>У СОРС %1 номер %2, но новейший СОРС УЦ %3 в реестре имеет номер %4: записи СОРС удалены или реестр откатан.</translation>
    </message>
    <message>
        <source>Certificate %1 is revoked on the published CRL %2, but the register has no revocation of it (deleted).</source>
        <translation>Сертификат %1 отозван в опубликованном СОРС %2, но в реестре нет его отзыва (удалён).</translation>
    </message>
    <message>
        <source>Certificate %1 is revoked on the published CRL %2, but the register shows it valid.</source>
        <translation>Сертификат %1 отозван в опубликованном СОРС %2, но в реестре он показан действующим.</translation>
    </message>
    <message>
        <source>Certificate %1: the published CRL %2 gives reason %3, the register %4 (changed).</source>
        <translation>Сертификат %1: в опубликованном СОРС %2 причина %3, в реестре %4 (изменено).</translation>
    </message>
    <message>
        <source>Certificate %1: the published CRL %2 gives the revocation time %3, the register %4 (changed).</source>
        <translation>Сертификат %1: в опубликованном СОРС %2 время отзыва %3, в реестре %4 (изменено).</translation>
    </message>
    <message>
        <source>Internal error: %1 is not a protected table of the event log.</source>
        <translation>Внутренняя ошибка: %1 не является защищённой таблицей журнала событий.</translation>
    </message>
    <message>
        <source>Internal error: %1 is not a column of %2.</source>
        <translation>Внутренняя ошибка: %1 не является столбцом %2.</translation>
    </message>
    <message>
        <source>The %1 row %2 was changed without an event (it differs from the schema&apos;s initial value).</source>
        <translation>Строка %2 таблицы %1 изменена без события (отличается от начального значения схемы).</translation>
    </message>
    <message>
        <source>The %1 row %2 is not recorded by any event (written outside Tirkeu).</source>
        <translation>Строка %2 таблицы %1 не записана ни одним событием (записана в обход Tirkeu).</translation>
    </message>
    <message>
        <source>The %1 row %2 exists although event %3 recorded its deletion.</source>
        <translation>Строка %2 таблицы %1 существует, хотя событие %3 записало её удаление.</translation>
    </message>
    <message>
        <source>The %1 row %2 was changed after event %3 recorded it.</source>
        <translation>Строка %2 таблицы %1 изменена после того, как её записало событие %3.</translation>
    </message>
    <message>
        <source>The %1 row %2 recorded by event %3 is missing (deleted).</source>
        <translation>Строка %2 таблицы %1, записанная событием %3, отсутствует (удалена).</translation>
    </message>
    <message>
        <source>Event %1 (%2) records the deletion of the %3 row %4, which no event of that type may delete: the event was forged.</source>
        <translation>Событие %1 (%2) записывает удаление строки %4 таблицы %3, которую событие такого типа удалять не может: событие подделано.</translation>
    </message>
    <message>
        <source>Certificate %1: its status and its revocation record disagree (one of them was changed outside Tirkeu).</source>
        <translation>Сертификат %1: его статус и запись об отзыве не согласуются (одно из них изменено в обход Tirkeu).</translation>
    </message>
    <message>
        <source>The published CRL %1 attests the event log up to event %2, but the register has no event %2: the log was cut or the register rolled back.</source>
        <translation>Опубликованный СОРС %1 удостоверяет журнал событий до события %2, но в реестре нет события %2: журнал усечён или реестр откачен.</translation>
    </message>
    <message>
        <source>The published CRL %1 attests event %2 of the event log with another hash: the log up to that event was rewritten.</source>
        <translation>Опубликованный СОРС %1 удостоверяет событие %2 журнала событий с другим хэшем: журнал до этого события переписан.</translation>
    </message>
    <message>
        <source>The signed checkpoint could not be read back.</source>
        <translation>Не удалось прочитать подписанную контрольную точку.</translation>
    </message>
    <message>
        <source>%1 is not a signed checkpoint (damaged or forged).</source>
        <translation>%1 не является подписанной контрольной точкой (повреждена или подделана).</translation>
    </message>
    <message>
        <source>%1 is a checkpoint of another register.</source>
        <translation>%1 — контрольная точка другого реестра.</translation>
    </message>
    <message>
        <source>Event %1 is missing (deleted): the checkpoint signed %2 names it.</source>
        <translation>Событие %1 отсутствует (удалено): его называет контрольная точка, подписанная %2.</translation>
    </message>
    <message>
        <source>Events %1 to %2 are missing (deleted): the checkpoint signed %3 names event %2.</source>
        <translation>События с %1 по %2 отсутствуют (удалены): контрольная точка, подписанная %3, называет событие %2.</translation>
    </message>
    <message>
        <source>The archived head event %1 differs from the checkpoint signed %2 (forged archive batch).</source>
        <translation>Архивированное вершинное событие %1 отличается от контрольной точки, подписанной %2 (поддельный пакет архива).</translation>
    </message>
    <message>
        <source>Event %1 differs from the checkpoint signed %2: the chain was rewritten.</source>
        <translation>Событие %1 отличается от контрольной точки, подписанной %2: цепочка переписана.</translation>
    </message>
    <message>
        <source>The CRLs of %1 attest no event-log head (the CA has no crl_event_log_oid): a rewrite of the events after the last signed anchor or checkpoint cannot be found from them.</source>
        <translation>СОРС УЦ %1 не удостоверяют вершину журнала событий (у УЦ не задан crl_event_log_oid): переписывание событий после последнего подписанного якоря или контрольной точки по ним не обнаружить.</translation>
    </message>
    <message>
        <source>No audit signing key is set up; an administrator sets one up (the command audit key init).</source>
        <translation>Ключ подписи аудита не настроен; администратор настраивает его (команда audit key init).</translation>
    </message>
    <message>
        <source>The search key of person %1 is not the one of the person&apos;s name: the person is hidden from or misplaced in the name search.</source>
        <translation>Ключ поиска лица %1 не соответствует его имени: лицо скрыто от поиска по имени или стоит в нём не на своём месте.</translation>
    </message>
    <message>
        <source>The search key of organisation %1 is not the one of its name: the organisation is hidden from or misplaced in the name search.</source>
        <translation>Ключ поиска организации %1 не соответствует её наименованию: организация скрыта от поиска по наименованию или стоит в нём не на своём месте.</translation>
    </message>
    <message>
        <source>Verification was cancelled (%1 events and %2 rows checked): no verdict on the event log.</source>
        <translation>Проверка остановлена (проверено событий — %1, строк — %2): заключения о журнале событий нет.</translation>
    </message>
    <message>
        <source>Checking the recorded rows…</source>
        <translation>Проверка записанных строк…</translation>
    </message>
    <message>
        <source>Checking the CRL partitions, the search keys and the archives…</source>
        <translation>Проверка секций СОРС, ключей поиска и архивов…</translation>
    </message>
    <message>
        <source>Checking the hash chain: %1 of %2 events…</source>
        <translation>Проверка цепочки хешей: %1 из %2 событий…</translation>
    </message>
    <message>
        <source>Checking the recorded rows: %1 (%2 rows so far)…</source>
        <translation>Проверка записанных строк: %1 (пока %2 строк)…</translation>
    </message>
    <message>
        <source>Event %1 (%2) names %3, who is not an operator of this register at that point; only an operator whose role allows it may %4.</source>
        <translation>Событие %1 (%2) записано от имени %3, который в тот момент не является сотрудником этого реестра; право %4 есть только у сотрудника, чья роль это разрешает.</translation>
    </message>
    <message>
        <source>Event %1 (%2): the account %3 was disabled at that point and may not %4.</source>
        <translation>Событие %1 (%2): учётная запись %3 в тот момент была отключена, у неё нет права %4.</translation>
    </message>
    <message>
        <source>Event %1 (%2): %3 was %4 at that point by the event log, and that role may not %5; the role was changed outside Tirkeu, or the event was forged.</source>
        <translation>Событие %1 (%2): по журналу событий %3 в тот момент был в роли «%4», у которой нет права %5; роль изменена вне Tirkeu, или событие подделано.</translation>
    </message>
    <message>
        <source>The event log&apos;s newest event has the number %1, which Tirkeu never writes: the register was changed outside Tirkeu. Nothing is recorded; check it with audit verify.</source>
        <translation>Последнее событие журнала имеет номер %1, какого Tirkeu никогда не записывает: реестр изменён в обход Tirkeu. Ничего не записано; проверьте реестр командой audit verify.</translation>
    </message>
    <message>
        <source>Event %1 (%2) binds the %3 row %4, which no event of that type changes: the event was forged.</source>
        <translation>Событие %1 (%2) связывает строку %4 таблицы %3, которую события такого типа не изменяют: событие подделано.</translation>
    </message>
    <message>
        <source>Event %1 (%5) binds the %2 row %3 with a content other than the one event %4 recorded; such an event only carries rows as they were: the event was forged.</source>
        <translation>Событие %1 (%5) связывает строку %3 таблицы %2 с содержимым, отличным от записанного событием %4; такое событие лишь переносит строки в прежнем виде: событие подделано.</translation>
    </message>
    <message>
        <source>%1 is not an operator of this register: nothing is recorded.</source>
        <translation>%1 не является оператором этого реестра: ничего не записано.</translation>
    </message>
    <message>
        <source>The account %1 has been disabled since it signed in: nothing is recorded.</source>
        <translation>Учётная запись %1 отключена после входа в систему: ничего не записано.</translation>
    </message>
    <message>
        <source>The account %1 now has the role %2, which may not %3: nothing is recorded. Sign in again.</source>
        <translation>У учётной записи %1 теперь роль «%2», которой не разрешено: %3. Ничего не записано. Войдите снова.</translation>
    </message>
    <message>
        <source>Events written by a computer whose clock was behind the event log: %1 (the first: event %2; at most %3 s behind). They are dated at the newest event&apos;s time, or at the start of the day after a signed day. Check the clocks of the computers that use the register.</source>
        <translation>События, записанные компьютером, часы которого отставали от журнала событий: %1 (первое: событие %2; отставание до %3 с). Они датированы временем последнего события или началом дня, следующего за подписанным. Проверьте часы компьютеров, работающих с реестром.</translation>
    </message>
    <message>
        <source>The register&apos;s guards are not the ones Tirkeu creates (%1): they were changed outside Tirkeu, and the records they protect (certificates, revocations, the event log, retention periods) can now be changed or deleted without a refusal. Restore the register from a backup, or put the guards back (db migrate into a new register).</source>
        <translation>Защитные триггеры реестра не те, что создаёт Tirkeu (%1): они изменены вне Tirkeu, и защищаемые ими записи (сертификаты, отзывы, журнал событий, сроки хранения) теперь можно изменить или удалить без отказа. Восстановите реестр из резервной копии или верните защиту (db migrate в новый реестр).</translation>
    </message>
    <message>
        <source>Event %1 records that the register was moved to %2 (db migrate), but the mark that keeps the old register read only was removed outside Tirkeu: whatever was written here since (%3 events) is missing from the register in use. Use the register at %2.</source>
        <translation>Событие %1 фиксирует перенос реестра в %2 (db migrate), но отметка, оставляющая старый реестр только для чтения, удалена вне Tirkeu: всё записанное здесь с тех пор (событий: %3) отсутствует в используемом реестре. Используйте реестр %2.</translation>
    </message>
    <message>
        <source>Event %1 records that the register was moved to %2 (db migrate), yet %3 events were written into it after the move: they are missing from the register in use. Use the register at %2.</source>
        <translation>Событие %1 фиксирует перенос реестра в %2 (db migrate), однако после переноса в него записано событий: %3; их нет в используемом реестре. Используйте реестр %2.</translation>
    </message>
    <message>
        <source>This register was moved to %1 (event %2, db migrate) and is read only: the register in use is at %1.</source>
        <translation>Этот реестр перенесён в %1 (событие %2, db migrate) и доступен только для чтения: используемый реестр находится в %1.</translation>
    </message>
    <message>
        <source>The register&apos;s audit signing key (SHA-256 %1, %2) is not the one its event log set up (%3): it was changed outside Tirkeu. Nothing is signed with it; check the anchors with the audit public key you kept (audit verify --anchor-key).</source>
        <translation>Ключ подписи аудита реестра (SHA-256 %1, %2) — не тот, который установлен по его журналу событий (%3): он изменён в обход Tirkeu. Им ничего не подписывается; проверьте якоря сохранённым открытым ключом аудита (audit verify --anchor-key).</translation>
    </message>
    <message>
        <source>no audit.key_set event</source>
        <translation>нет события audit.key_set</translation>
    </message>
    <message>
        <source>The register carries a mark saying it was moved to %1, but no event of its log records such a move: the mark was written outside Tirkeu (do not point anything at that address).</source>
        <translation>В реестре есть отметка о его переносе в %1, но ни одно событие журнала такого переноса не записывает: отметка записана в обход Tirkeu (ничего не направляйте по этому адресу).</translation>
    </message>
    <message>
        <source>The register carries a mark saying the event log was signed through %1, a day that is not over yet: the mark was written outside Tirkeu. Nothing is signed until it is explained (audit verify).</source>
        <translation>В реестре есть отметка, что журнал событий подписан по %1, а этот день ещё не закончился: отметка записана в обход Tirkeu. Пока она не объяснена, ничего не подписывается (audit verify).</translation>
    </message>
    <message>
        <source>The register carries a mark saying the event log was signed through %1, a day that is not over yet: the mark was written outside Tirkeu (no event is dated by it). Find out who writes to the database directly.</source>
        <translation>В реестре есть отметка, что журнал событий подписан по %1, а этот день ещё не закончился: отметка записана в обход Tirkeu (ни одно событие не датируется по ней). Выясните, кто пишет в базу данных напрямую.</translation>
    </message>
    <message>
        <source>The register carries a mark (meta moving_from) saying it is an unfinished copy of %1 (db migrate), but its event log does not end in the register.migrated event of such a copy: the mark was written outside Tirkeu (do not delete or replace the register because of it).</source>
        <translation>В реестре есть отметка (meta moving_from), что он — незавершённая копия %1 (db migrate), но его журнал событий не заканчивается событием register.migrated такой копии: отметка записана в обход Tirkeu (не удаляйте и не заменяйте реестр из-за неё).</translation>
    </message>
    <message>
        <source>The CA %1 is linked to %2 of this register: %3</source>
        <translation>УЦ %1 привязан к УЦ %2 этого реестра: %3</translation>
    </message>
    <message>
        <source>Nothing is recorded.</source>
        <translation>Ничего не записано.</translation>
    </message>
    <message>
        <source>Event %1 of the event log is dated %2, more than a day after this computer&apos;s clock (%3): it was written outside Tirkeu or by a computer whose clock is far ahead. Check the computers&apos; clocks and who writes to the database directly; the register from before it is in the backups.</source>
        <translation>Событие %1 журнала событий датировано %2 — более чем на сутки позже часов этого компьютера (%3): оно записано в обход Tirkeu или компьютером, часы которого сильно спешат. Проверьте часы компьютеров и то, кто пишет в базу данных напрямую; реестр до этого события есть в резервных копиях.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Backup</name>
    <message>
        <source>Cannot start the copy: %1</source>
        <translation>Не удалось начать копирование: %1</translation>
    </message>
    <message>
        <source>The copy failed: %1</source>
        <translation>Ошибка копирования: %1</translation>
    </message>
    <message>
        <source>%1 is not installed (Debian package postgresql-client).</source>
        <translation>%1 не установлен (пакет Debian postgresql-client).</translation>
    </message>
    <message>
        <source>Cannot start %1.</source>
        <translation>Не удалось запустить %1.</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>Ошибка выполнения %1: %2</translation>
    </message>
    <message>
        <source>The copy of table %1 has %2 rows instead of %3.</source>
        <translation>Копия таблицы %1 содержит строк: %2 вместо %3.</translation>
    </message>
    <message>
        <source>The audit chain of the copy is broken: %1</source>
        <translation>Хеш-цепочка журнала событий в копии нарушена: %1</translation>
    </message>
    <message>
        <source>Copying table %1 failed</source>
        <translation>Не удалось скопировать таблицу %1</translation>
    </message>
    <message>
        <source>Copying table %1 failed at row %2</source>
        <translation>Не удалось скопировать таблицу %1: ошибка в строке %2</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Не удалось прочитать %1: %2</translation>
    </message>
    <message>
        <source>The tables %1 reference each other in a cycle.</source>
        <translation>Таблицы %1 циклически ссылаются друг на друга.</translation>
    </message>
    <message>
        <source>No backup file given.</source>
        <translation>Не указан файл резервной копии.</translation>
    </message>
    <message>
        <source>%1 already exists; a backup never overwrites a file.</source>
        <translation>%1 уже существует; при резервном копировании файлы никогда не перезаписываются.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>Папка %1 не существует.</translation>
    </message>
    <message>
        <source>pg_dump is not installed on this computer (Debian package postgresql-client). Back up the PostgreSQL register with: %1</source>
        <translation>pg_dump не установлен на этом компьютере (пакет Debian postgresql-client). Создайте резервную копию реестра PostgreSQL командой: %1</translation>
    </message>
    <message>
        <source>Cannot create %1.</source>
        <translation>Не удалось создать %1.</translation>
    </message>
    <message>
        <source>The backup copy failed its integrity check: %1</source>
        <translation>Резервная копия не прошла проверку целостности: %1</translation>
    </message>
    <message>
        <source>The source and the target are the same register.</source>
        <translation>Исходный и целевой реестры совпадают.</translation>
    </message>
    <message>
        <source>The target register %1 is not empty; a register is moved only into an empty one.</source>
        <translation>Целевой реестр %1 не пуст; реестр переносится только в пустой реестр.</translation>
    </message>
    <message>
        <source>The source and the target have different schema migrations.</source>
        <translation>У исходного и целевого реестров разные миграции схемы.</translation>
    </message>
    <message>
        <source>The target register has no table %1.</source>
        <translation>В целевом реестре нет таблицы %1.</translation>
    </message>
    <message>
        <source>%1 is neither a Tirkeu SQLite backup nor a pg_dump file of a register.</source>
        <translation>%1 не является ни резервной копией SQLite Tirkeu, ни файлом pg_dump реестра.</translation>
    </message>
    <message>
        <source>A pg_dump file is restored only into a PostgreSQL register.</source>
        <translation>Файл pg_dump восстанавливается только в реестр PostgreSQL.</translation>
    </message>
    <message>
        <source>The database %1 is not empty; restore a pg_dump file into a new database (createdb).</source>
        <translation>База данных %1 не пуста; восстанавливайте файл pg_dump в новую базу данных (createdb).</translation>
    </message>
    <message>
        <source>Cannot create a temporary folder.</source>
        <translation>Не удалось создать временную папку.</translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation>Не удалось прочитать %1.</translation>
    </message>
    <message>
        <source>The backup %1 is damaged: %2</source>
        <translation>Резервная копия %1 повреждена: %2</translation>
    </message>
    <message>
        <source>The register %1 is not empty; restore into a new file, or pass --replace to overwrite it.</source>
        <translation>Реестр %1 не пуст; восстановите копию в новый файл или укажите --replace, чтобы перезаписать его.</translation>
    </message>
    <message>
        <source>Cannot reach the SQLite connection.</source>
        <translation>Нет доступа к соединению SQLite.</translation>
    </message>
    <message>
        <source>Other users can open the folder %1; a backup holds personal data. Choose a private folder, or close it first (chmod o-rwx).</source>
        <translation>Папку %1 могут открыть другие пользователи; резервная копия содержит персональные данные. Выберите личную папку или сначала закройте её (chmod o-rwx).</translation>
    </message>
    <message>
        <source>Only an administrator may restore a register: add --as LOGIN and --password-file FILE (or set TIRKEU_PASSWORD).</source>
        <translation>Только администратор может восстановить реестр: добавьте --as LOGIN и --password-file FILE (или задайте TIRKEU_PASSWORD).</translation>
    </message>
    <message>
        <source>Give the reason for accepting the rollback with --reason TEXT; it is recorded in the event log.</source>
        <translation>Укажите причину принятия отката с --reason TEXT; она записывается в журнал событий.</translation>
    </message>
    <message>
        <source>--reason goes with --accept-rollback.</source>
        <translation>--reason указывается вместе с --accept-rollback.</translation>
    </message>
    <message>
        <source>The backup %1 cannot be opened: %2</source>
        <translation>Резервную копию %1 не удаётся открыть: %2</translation>
    </message>
    <message>
        <source>The register %1 cannot be read (%2), so it is unknown which CRLs and anchors it had published. Restore over it only with --replace --accept-rollback --reason TEXT.</source>
        <translation>Реестр %1 не читается (%2), поэтому неизвестно, какие СОРС и якоря он опубликовал. Восстанавливайте поверх него только с --replace --accept-rollback --reason TEXT.</translation>
    </message>
    <message>
        <source>The register %1 cannot be read (%2); pass --replace to overwrite it.</source>
        <translation>Реестр %1 не читается (%2); чтобы перезаписать его, укажите --replace.</translation>
    </message>
    <message>
        <source>CA %1 published CRL number %2, the backup knows only up to %3</source>
        <translation>УЦ %1 опубликовал СОРС номер %2, резервная копия знает только до %3</translation>
    </message>
    <message>
        <source>the register has audit anchors up to %1, the backup only up to %2</source>
        <translation>в реестре есть якоря журнала до %1, в резервной копии только до %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Cannot move the damaged register %1 aside.</source>
        <translation>Не удаётся переместить повреждённый реестр %1 в сторону.</translation>
    </message>
    <message>
        <source>The backup was cancelled: no backup file was written.</source>
        <translation>Резервное копирование отменено: файл копии не записан.</translation>
    </message>
    <message>
        <source>Copying the register: %1 of %2 pages…</source>
        <translation>Копирование реестра: %1 из %2 страниц…</translation>
    </message>
    <message>
        <source>pg_dump is copying the register…</source>
        <translation>pg_dump копирует реестр…</translation>
    </message>
    <message>
        <source>Checking the copy…</source>
        <translation>Проверка копии…</translation>
    </message>
    <message>
        <source>The copy was cancelled: nothing was written into %1.</source>
        <translation>Копирование отменено: в %1 ничего не записано.</translation>
    </message>
    <message>
        <source>Copying table %1…</source>
        <translation>Копирование таблицы %1…</translation>
    </message>
    <message>
        <source>The restore was cancelled before the register was written: nothing changed.</source>
        <translation>Восстановление отменено до записи реестра: ничего не изменилось.</translation>
    </message>
    <message>
        <source>Reading the backup…</source>
        <translation>Чтение резервной копии…</translation>
    </message>
    <message>
        <source>Checking every table of the backup…</source>
        <translation>Проверка каждой таблицы резервной копии…</translation>
    </message>
    <message>
        <source>Recording the restore in the copy…</source>
        <translation>Запись восстановления в копию…</translation>
    </message>
    <message>
        <source>Copying the tables into the database…</source>
        <translation>Копирование таблиц в базу данных…</translation>
    </message>
    <message>
        <source>Writing the restored register…</source>
        <translation>Запись восстановленного реестра…</translation>
    </message>
    <message>
        <source>Checking the restored register…</source>
        <translation>Проверка восстановленного реестра…</translation>
    </message>
    <message>
        <source>The register is restored.</source>
        <translation>Реестр восстановлен.</translation>
    </message>
    <message>
        <source>The backup %1 is refused: after the restore&apos;s own event it fails its check (%2). Nothing was changed.</source>
        <translation>Резервная копия %1 отклонена: после собственного события восстановления она не проходит проверку (%2). Ничего не изменено.</translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>ещё %n</numerusform>
            <numerusform>ещё %n</numerusform>
            <numerusform>ещё %n</numerusform>
        </translation>
    </message>
    <message>
        <source>The backup %1 is refused: its schema is not the one Tirkeu creates (%2). Its triggers, views, tables or indexes were changed outside Tirkeu; such a backup could run its own SQL in the register. Nothing was changed; restore another backup.</source>
        <translation>Резервная копия %1 отклонена: её схема не та, которую создаёт Tirkeu (%2). Её триггеры, представления, таблицы или индексы изменены вне Tirkeu; такая резервная копия могла бы выполнять в реестре собственный SQL. Ничего не изменено; восстановите другую резервную копию.</translation>
    </message>
    <message>
        <source>The backup %1 is refused: it holds %2, which Tirkeu&apos;s schema does not have. A pg_dump file is a program as much as data; nothing of it was run and nothing was changed. Restore another backup.</source>
        <translation>Резервная копия %1 отклонена: она содержит %2, чего нет в схеме Tirkeu. Файл pg_dump — не только данные, но и программа; из него ничего не выполнено и ничего не изменено. Восстановите другую резервную копию.</translation>
    </message>
    <message>
        <source>a row that does not fit its table</source>
        <translation>строку, не соответствующую своей таблице</translation>
    </message>
    <message>
        <source>an unfinished table</source>
        <translation>незавершённую таблицу</translation>
    </message>
    <message>
        <source>the table %1</source>
        <translation>таблицу %1</translation>
    </message>
    <message>
        <source>the column %1 of the table %2</source>
        <translation>столбец %1 таблицы %2</translation>
    </message>
    <message>
        <source>a value of the column %1 of the table %2</source>
        <translation>значение столбца %1 таблицы %2</translation>
    </message>
    <message>
        <source>The backup %1 cannot be read into a register: %2</source>
        <translation>Резервную копию %1 невозможно прочитать в реестр: %2</translation>
    </message>
    <message>
        <source>Cannot find a free name to keep the replaced register %1 under; nothing was changed.</source>
        <translation>Не найдено свободное имя, под которым сохранить заменяемый реестр %1; ничего не изменено.</translation>
    </message>
    <message>
        <source>Cannot read the mode of the register %1: %2</source>
        <translation>Не удалось прочитать права доступа реестра %1: %2</translation>
    </message>
    <message>
        <source>Cannot keep the replaced register as %1: %2; nothing was changed.</source>
        <translation>Не удалось сохранить заменяемый реестр как %1: %2; ничего не изменено.</translation>
    </message>
    <message>
        <source>The register was copied into %1, but the source could not be marked as moved (%2): write only into %1 from now on.</source>
        <translation>Реестр скопирован в %1, но исходный реестр не удалось отметить как перенесённый (%2): с этого момента записывайте только в %1.</translation>
    </message>
    <message>
        <source>The register %1 was moved to %2 (db migrate) and is read only; nothing was changed. Restore into the register in use at %2, or into a new file.</source>
        <translation>Реестр %1 перенесён в %2 (db migrate) и доступен только для чтения; ничего не изменено. Восстанавливайте в используемый реестр %2 или в новый файл.</translation>
    </message>
    <message numerus="yes">
        <source>%n revocation(s) the backup does not have, or has otherwise, which OCSP may already have answered as revoked: %1</source>
        <translation>
            <numerusform>%n отзыв, которого нет в резервной копии или который записан в ней иначе и на который OCSP мог уже ответить «отозван»: %1</numerusform>
            <numerusform>%n отзыва, которых нет в резервной копии или которые записаны в ней иначе и на которые OCSP мог уже ответить «отозван»: %1</numerusform>
            <numerusform>%n отзывов, которых нет в резервной копии или которые записаны в ней иначе и на которые OCSP мог уже ответить «отозван»: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n certificate(s) issued after the backup, which the restored register would not know: %1</source>
        <translation>
            <numerusform>%n сертификат, выпущенный после резервной копии, которого восстановленный реестр не знал бы: %1</numerusform>
            <numerusform>%n сертификата, выпущенных после резервной копии, которых восстановленный реестр не знал бы: %1</numerusform>
            <numerusform>%n сертификатов, выпущенных после резервной копии, которых восстановленный реестр не знал бы: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 holds an unfinished copy of %2 from a db migrate that stopped before %2 was retired; it was never used (it refuses every write). Remove it (delete the file, or drop and create the PostgreSQL database) and run db migrate again.</source>
        <translation>%1 содержит незавершённую копию %2, оставленную командой db migrate, которая остановилась до вывода %2 из работы; копия не использовалась (она отклоняет любую запись). Удалите её (удалите файл или удалите и заново создайте базу данных PostgreSQL) и запустите db migrate ещё раз.</translation>
    </message>
    <message>
        <source>The register was moved to %1, but the copy could not be opened for writing (%2): run the same db migrate again to finish the move.</source>
        <translation>Реестр перенесён в %1, но копию не удалось открыть для записи (%2): запустите ту же команду db migrate ещё раз, чтобы завершить перенос.</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>db migrate moves a PostgreSQL register only as its schema owner (the role that ran db init), not as the application role: %1. Nothing was changed.</source>
        <translation>db migrate переносит реестр PostgreSQL только от имени владельца схемы (роли, выполнившей db init), а не от имени роли приложения: %1. Ничего не изменено.</translation>
    </message>
    <message>
        <source>%1 holds an unfinished copy of %2 from another db migrate: %2 was moved to %3, which is the register in use. This copy was never used (it refuses every write); remove it when you have checked that %3 takes writes.</source>
        <translation>%1 содержит незавершённую копию %2 от другого запуска db migrate: реестр %2 перенесён в %3, и действующий реестр — именно он. Эта копия никогда не использовалась (она отклоняет любую запись); удалите её, убедившись, что %3 принимает записи.</translation>
    </message>
    <message>
        <source>what was recorded after the backup (operators disabled, roles, passwords, CA settings, applications…): %1</source>
        <translation>записанное после резервной копии (отключенные операторы, роли, пароли, настройки УЦ, заявления…): %1</translation>
    </message>
    <message>
        <source>The backup is older than what the register has already recorded or published (%1). Restoring it would take back decisions, revocations and published evidence. If that is really wanted, repeat with --accept-rollback --reason TEXT; the rollback is recorded.</source>
        <translation>Резервная копия старше того, что реестр уже записал или опубликовал (%1). Её восстановление отменило бы решения, отзывы и опубликованные доказательства. Если это действительно нужно, повторите с --accept-rollback --reason TEXT; откат будет записан.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::BatchRequests</name>
    <message>
        <source>There is no folder %1.</source>
        <translation>Папки %1 нет.</translation>
    </message>
    <message>
        <source>%1 holds requests whose names are not &lt;application&gt;.csr or &lt;application&gt;-&lt;person&gt;.csr (-auth.csr for the authentication key): %2</source>
        <translation>В %1 есть запросы с именами не вида &lt;заявление&gt;.csr или &lt;заявление&gt;-&lt;лицо&gt;.csr (-auth.csr для ключа аутентификации): %2</translation>
    </message>
    <message>
        <source>%1 has no %2.csr beside %3.</source>
        <translation>В %1 нет %2.csr рядом с %3.</translation>
    </message>
    <message>
        <source>%1, line %2: expected application,person,csr[,auth_csr[,media_serial]] (person empty unless a letter).</source>
        <translation>%1, строка %2: ожидается application,person,csr[,auth_csr[,media_serial]] (person заполняется только для писем).</translation>
    </message>
    <message>
        <source>No certificate request found.</source>
        <translation>Запрос на свидетельство не найден.</translation>
    </message>
    <message>
        <source>Choose the folder for the certificates.</source>
        <translation>Выберите папку для свидетельств.</translation>
    </message>
    <message>
        <source>%1 already exists: no certificate file is overwritten. Choose another folder for the certificates.</source>
        <translation>%1 уже существует: файлы свидетельств не перезаписываются. Выберите другую папку для свидетельств.</translation>
    </message>
    <message>
        <source>Application %1 is listed twice.</source>
        <translation>Заявление %1 указано дважды.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>Не удаётся создать папку %1.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::CaDirectory</name>
    <message>
        <source>A CA code is 2 to 32 characters: capital Latin letters, digits, dash or underscore (e.g. NCA-RSA).</source>
        <translation>Код УЦ — от 2 до 32 символов: заглавные латинские буквы, цифры, дефис или подчёркивание (например, NCA-RSA).</translation>
    </message>
    <message>
        <source>The CA name is required.</source>
        <translation>Необходимо указать наименование УЦ.</translation>
    </message>
    <message>
        <source>A CA with the code %1 already exists.</source>
        <translation>УЦ с кодом %1 уже существует.</translation>
    </message>
    <message>
        <source>There is no CA %1 in this register.</source>
        <translation>В этом реестре нет УЦ %1.</translation>
    </message>
    <message>
        <source>%1 must be a whole number of hours.</source>
        <translation>%1: требуется целое число часов.</translation>
    </message>
    <message>
        <source>%1 must be a text.</source>
        <translation>%1: требуется текстовое значение.</translation>
    </message>
    <message>
        <source>The CRL period is a whole number of hours from 1 to 720.</source>
        <translation>Период СОРС — целое число часов от 1 до 720.</translation>
    </message>
    <message>
        <source>The delta CRL period is a whole number of hours from 1 to the CRL period (%1).</source>
        <translation>Период дельта-СОРС — целое число часов от 1 до периода СОРС (%1).</translation>
    </message>
    <message>
        <source>%1 is not an http, https or ldap address: %2</source>
        <translation>%1 не является адресом http, https или ldap: %2</translation>
    </message>
    <message>
        <source>The publish folder must be an absolute path: %1</source>
        <translation>Папка публикации должна быть задана абсолютным путём: %1</translation>
    </message>
    <message>
        <source>Unknown CA setting: %1. Known settings: %2.</source>
        <translation>Неизвестный параметр УЦ: %1. Известные параметры: %2.</translation>
    </message>
    <message>
        <source>%1 must be a whole number of hours: %2</source>
        <translation>%1 должно быть целым числом часов: %2</translation>
    </message>
    <message>
        <source>%1 is true or false: %2</source>
        <translation>%1 — true или false: %2</translation>
    </message>
    <message>
        <source>%1 is true or false.</source>
        <translation>%1 — true или false.</translation>
    </message>
    <message>
        <source>The root CRL period is a whole number of hours from 1 to 8760.</source>
        <translation>Период СОРС корневого УЦ — целое число часов от 1 до 8760.</translation>
    </message>
    <message>
        <source>subca_policy_oids: &quot;%1&quot; is not a policy OID (dotted digits, e.g. 1.2.398.3.3.2.1).</source>
        <translation>subca_policy_oids: «%1» — не OID политики (цифры через точку, например 1.2.398.3.3.2.1).</translation>
    </message>
    <message>
        <source>subject_organisation is longer than 64 characters (RFC 5280).</source>
        <translation>subject_organisation длиннее 64 символов (RFC 5280).</translation>
    </message>
    <message>
        <source>crl_event_log_oid: &quot;%1&quot; is not an OID of dotted numbers of at most 9 digits each (one from the CA&apos;s own registered arc).</source>
        <translation>crl_event_log_oid: «%1» — не OID из чисел не длиннее 9 цифр, разделённых точками (нужен OID из собственной зарегистрированной ветви УЦ).</translation>
    </message>
    <message>
        <source>The CA %1 does not issue until its publication pointers are set: %2 (Settings → CAs, or the command ca set --code %1 KEY=VALUE).</source>
        <translation>УЦ %1 не выдаёт свидетельства, пока не заданы указатели публикации: %2 (Настройки → УЦ или команда ca set --code %1 KEY=VALUE).</translation>
    </message>
    <message>
        <source>%1 must be a whole number of bytes: %2</source>
        <translation>%1 должно быть целым числом байт: %2</translation>
    </message>
    <message>
        <source>crl_partition needs cdp_url: each partition&apos;s CRL address is made from it (e.g. http://crl.example.kz/NCA.crl → NCA-s07.crl).</source>
        <translation>crl_partition требует cdp_url: адрес СОРС каждой секции строится из него (например, http://crl.example.kz/NCA.crl → NCA-s07.crl).</translation>
    </message>
    <message>
        <source>crl_partition_min_bytes is a whole number of bytes, 0 or more.</source>
        <translation>crl_partition_min_bytes — целое число байт, 0 или больше.</translation>
    </message>
    <message>
        <source>The CA %1 already has the name %2: each CA&apos;s name is its own (it names the issuer of every certificate and CRL).</source>
        <translation>У УЦ %1 уже есть имя %2: у каждого УЦ своё имя (оно называет издателя каждого регистрационного свидетельства и СОРС).</translation>
    </message>
    <message>
        <source>The name %1 makes the issuer name %2, which is the name of the CA %3 of this register (its certificate&apos;s subject, or the name its settings compose): each CA&apos;s name is its own (it names the issuer of every certificate and CRL).</source>
        <translation>Наименование %1 даёт имя издателя %2, а это имя УЦ %3 этого реестра (субъект его сертификата или имя, составляемое его настройками): у каждого УЦ своё имя (им назван издатель каждого сертификата и СОРС).</translation>
    </message>
    <message>
        <source>The certificate of the CA %1 (serial %2) was revoked by the CA %3 on %4 (%5): its key certifies nothing any more.</source>
        <translation>Сертификат УЦ %1 (серийный номер %2) отозван УЦ %3 %4 (%5): его ключ больше ничего не удостоверяет.</translation>
    </message>
    <message>
        <source>no key yet</source>
        <translation>ключа ещё нет</translation>
    </message>
    <message>
        <source>waiting for the parent CA&apos;s certificate</source>
        <translation>ожидает свидетельства вышестоящего УЦ</translation>
    </message>
    <message>
        <source>certificate unreadable</source>
        <translation>свидетельство не читается</translation>
    </message>
    <message>
        <source>certificate valid from %1</source>
        <translation>свидетельство действительно с %1</translation>
    </message>
    <message>
        <source>certificate valid until %1</source>
        <translation>свидетельство действительно до %1</translation>
    </message>
    <message>
        <source>certificate expired on %1</source>
        <translation>срок свидетельства истёк %1</translation>
    </message>
    <message>
        <source>certificate on hold by the CA %1 since %2: certifies nothing</source>
        <translation>свидетельство приостановлено УЦ %1 с %2: ничего не удостоверяет</translation>
    </message>
    <message>
        <source>certificate revoked by the CA %1 on %2 (%3): certifies nothing</source>
        <translation>свидетельство отозвано УЦ %1 %2 (%3): ничего не удостоверяет</translation>
    </message>
    <message>
        <source>The CA %1 of this register has no record of issuing the certificate %2: it was signed with %1&apos;s key outside Tirkeu, so it is in no journal and %1 could never revoke it. Have %1 issue the certificate through a ROOT-ISSUE application, and investigate how its key came to be used outside Tirkeu.</source>
        <translation>В реестре нет записи о выпуске УЦ %1 свидетельства %2: оно подписано ключом %1 в обход Tirkeu, поэтому не значится ни в одном журнале, и %1 никогда не сможет его отозвать. Выпустите свидетельство через УЦ %1 по заявлению ROOT-ISSUE и расследуйте, как его ключ был использован в обход Tirkeu.</translation>
    </message>
    <message>
        <source>CA name</source>
        <translation>Наименование УЦ</translation>
    </message>
    <message>
        <source>The name %1 reads as the name %2 of the CA %3 (letters of another alphabet that look the same): each CA&apos;s name is its own.</source>
        <translation>Наименование %1 читается как наименование %2 УЦ %3 (одинаковые на вид буквы другого алфавита): у каждого УЦ своё наименование.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::CaEngine</name>
    <message>
        <source>The application asks for neither signing nor authentication; there is no certificate to issue.</source>
        <translation>В заявлении не запрошены ни подписание, ни аутентификация; выдавать нечего.</translation>
    </message>
    <message>
        <source>The application names no role of the applicant in the organisation; the legal-entity profiles need one.</source>
        <translation>В заявлении не указана роль заявителя в организации; для профилей юридического лица она обязательна.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a certificate serial number (hexadecimal digits, colons allowed).</source>
        <translation>«%1» не является серийным номером регистрационного свидетельства (шестнадцатеричные цифры, допускаются двоеточия).</translation>
    </message>
    <message>
        <source>A certificate serial number has at most 20 bytes: %1</source>
        <translation>Серийный номер регистрационного свидетельства — не более 20 байт: %1</translation>
    </message>
    <message>
        <source>A CA certificate is valid for 1 to 30 years.</source>
        <translation>Срок действия регистрационного свидетельства УЦ — от 1 до 30 лет.</translation>
    </message>
    <message>
        <source>No file given for the CA key.</source>
        <translation>Не указан файл для ключа УЦ.</translation>
    </message>
    <message>
        <source>%1 already exists; a CA key file is never overwritten.</source>
        <translation>%1 уже существует; файл ключа УЦ никогда не перезаписывается.</translation>
    </message>
    <message>
        <source>The CA %1 already has a certificate.</source>
        <translation>У УЦ %1 уже есть регистрационное свидетельство.</translation>
    </message>
    <message>
        <source>The CA %1 has ceased operation.</source>
        <translation>УЦ %1 прекратил деятельность.</translation>
    </message>
    <message>
        <source>There is no application number %1.</source>
        <translation>Заявления № %1 нет.</translation>
    </message>
    <message>
        <source>Application %1 is not an application for a certificate.</source>
        <translation>Заявление %1 не является заявлением на выдачу регистрационного свидетельства.</translation>
    </message>
    <message>
        <source>The certificate request is refused: %1</source>
        <translation>Запрос на регистрационное свидетельство отклонён: %1</translation>
    </message>
    <message>
        <source>No unused serial number was found; check the random generator.</source>
        <translation>Не найден свободный серийный номер; проверьте генератор случайных чисел.</translation>
    </message>
    <message>
        <source>certificate %1</source>
        <translation>регистрационное свидетельство %1</translation>
    </message>
    <message>
        <source>A certificate status is valid or revoked: %1</source>
        <translation>Статус регистрационного свидетельства — valid или revoked: %1</translation>
    </message>
    <message>
        <source>There is no certificate with the serial number %1.</source>
        <translation>Регистрационного свидетельства с серийным номером %1 нет.</translation>
    </message>
    <message>
        <source>Several CAs issued a certificate with the serial number %1; name the CA.</source>
        <translation>Регистрационное свидетельство с серийным номером %1 выдано несколькими УЦ; укажите УЦ.</translation>
    </message>
    <message>
        <source>%1 is not an RFC 5280 revocation reason code (0 to 10, except 7).</source>
        <translation>%1 не является кодом причины отзыва по RFC 5280 (от 0 до 10, кроме 7).</translation>
    </message>
    <message>
        <source>remove_from_crl only takes a certificate off hold in a delta CRL; it is not a reason to revoke.</source>
        <translation>remove_from_crl только снимает приостановление действия регистрационного свидетельства в дельта-СОРС; это не причина отзыва.</translation>
    </message>
    <message>
        <source>Unknown basis of revocation %1: use %2.</source>
        <translation>Неизвестное основание отзыва %1: укажите %2.</translation>
    </message>
    <message>
        <source>The revocation time cannot be in the future.</source>
        <translation>Время отзыва не может быть в будущем.</translation>
    </message>
    <message>
        <source>The CA %1 has no certificate with the serial number %2.</source>
        <translation>У УЦ %1 нет регистрационного свидетельства с серийным номером %2.</translation>
    </message>
    <message>
        <source>The certificate %1 is already revoked.</source>
        <translation>Регистрационное свидетельство %1 уже отозвано.</translation>
    </message>
    <message>
        <source>The revocation time is before the certificate was issued.</source>
        <translation>Время отзыва предшествует выдаче регистрационного свидетельства.</translation>
    </message>
    <message>
        <source>The CRL folder %1 does not exist.</source>
        <translation>Папка СОРС %1 не существует.</translation>
    </message>
    <message>
        <source>Another publication is running for the CA %1 (lock %2).</source>
        <translation>Для УЦ %1 уже выполняется другая публикация (блокировка %2).</translation>
    </message>
    <message>
        <source>Cannot create the lock file %1.</source>
        <translation>Не удалось создать файл блокировки %1.</translation>
    </message>
    <message>
        <source>The CA %1 has published no full CRL yet; a delta CRL needs one as its base.</source>
        <translation>УЦ %1 ещё не опубликовал полный СОРС; он нужен как базовый для дельта-СОРС.</translation>
    </message>
    <message>
        <source>The letter lists no persons.</source>
        <translation>В письме не указано ни одного лица.</translation>
    </message>
    <message>
        <source>The letter lists %1 persons: choose whose certificate to issue (1 to %1).</source>
        <translation>В письме указано лиц: %1; выберите, кому выдаётся регистрационное свидетельство (от 1 до %1).</translation>
    </message>
    <message>
        <source>The letter lists %1 persons; there is no person %2.</source>
        <translation>В письме указано лиц: %1; лица № %2 нет.</translation>
    </message>
    <message>
        <source>Form %1 is not an application for a certificate.</source>
        <translation>Форма %1 не является заявлением на выдачу регистрационного свидетельства.</translation>
    </message>
    <message>
        <source>The CA certificate is refused: %1</source>
        <translation>Регистрационное свидетельство УЦ отклонено: %1</translation>
    </message>
    <message>
        <source>The certificate is not a CA certificate (basicConstraints CA:TRUE).</source>
        <translation>Регистрационное свидетельство не является регистрационным свидетельством УЦ (basicConstraints CA:TRUE).</translation>
    </message>
    <message>
        <source>The certificate is for another key than the one the CA %1 created.</source>
        <translation>Регистрационное свидетельство выдано для другого ключа, а не для ключа, созданного УЦ %1.</translation>
    </message>
    <message>
        <source>The certificate is not valid now (%1 to %2).</source>
        <translation>Регистрационное свидетельство сейчас недействительно (срок действия с %1 по %2).</translation>
    </message>
    <message>
        <source>The certificate names the CA %1 as its issuer but its signature does not verify with that CA&apos;s key.</source>
        <translation>В регистрационном свидетельстве издателем указан УЦ %1, но его подпись не проходит проверку по ключу этого УЦ.</translation>
    </message>
    <message>
        <source>Application %1 replaces no certificate; there is nothing to revoke as superseded.</source>
        <translation>Заявление %1 не заменяет никакого регистрационного свидетельства; отзывать по причине замены нечего.</translation>
    </message>
    <message>
        <source>A CA generates its own key: issue a CA certificate from the CA&apos;s certificate request.</source>
        <translation>УЦ сам генерирует свой ключ: выдавайте регистрационное свидетельство УЦ по его запросу на регистрационное свидетельство.</translation>
    </message>
    <message>
        <source>The Government Bodies CA records the serial number of the key media: enter it.</source>
        <translation>УЦ государственных органов регистрирует серийный номер ключевого носителя: укажите его.</translation>
    </message>
    <message>
        <source>re-issue, application %1</source>
        <translation>перевыпуск, заявление %1</translation>
    </message>
    <message>
        <source>%1 of %2 persons of the letter have their certificate; the application stays open.</source>
        <translation>Регистрационные свидетельства получили %1 из %2 лиц, указанных в письме; заявление остаётся в работе.</translation>
    </message>
    <message>
        <source>Reading the revocations failed: %1</source>
        <translation>Не удалось прочитать сведения об отзывах: %1</translation>
    </message>
    <message>
        <source>The CA %1 publishes its CRLs into %2, which does not exist; nothing was revoked.</source>
        <translation>УЦ %1 публикует СОРС в папку %2, которая не существует; ничего не отозвано.</translation>
    </message>
    <message>
        <source>The CA key could not be unlocked, so nothing was revoked: %1</source>
        <translation>Не удалось разблокировать ключ УЦ, поэтому ничего не отозвано: %1</translation>
    </message>
    <message>
        <source>The delta CRL was not published: %1</source>
        <translation>Дельта-СОРС не опубликован: %1</translation>
    </message>
    <message>
        <source>No folder given for the key backup.</source>
        <translation>Не указана папка для резервной копии ключа.</translation>
    </message>
    <message>
        <source>The key of the CA %1 is on a token or HSM (%2); back it up with the token&apos;s own tools, it cannot leave the device.</source>
        <translation>Ключ УЦ %1 находится на токене или в HSM (%2); создайте его резервную копию средствами самого токена — ключ не может покинуть устройство.</translation>
    </message>
    <message>
        <source>The key %1 does not belong to the certificate of the CA %2.</source>
        <translation>Ключ %1 не соответствует регистрационному свидетельству УЦ %2.</translation>
    </message>
    <message>
        <source>Cannot create the backup folder %1.</source>
        <translation>Не удалось создать папку резервной копии %1.</translation>
    </message>
    <message>
        <source>No file given for the restored key.</source>
        <translation>Не указан файл для восстановленного ключа.</translation>
    </message>
    <message>
        <source>The CA %1 has no certificate in the register; a restored key could not be checked against it.</source>
        <translation>У УЦ %1 нет регистрационного свидетельства в реестре; сверить с ним восстановленный ключ невозможно.</translation>
    </message>
    <message>
        <source>%1 is a backup of the CA %2, not of %3.</source>
        <translation>%1 — резервная копия УЦ %2, а не %3.</translation>
    </message>
    <message>
        <source>%1 holds a key that does not belong to the certificate of the CA %2 in the register (key %3, certificate key %4).</source>
        <translation>%1 содержит ключ, не соответствующий регистрационному свидетельству УЦ %2 в реестре (ключ %3, ключ регистрационного свидетельства %4).</translation>
    </message>
    <message>
        <source>The restored key does not belong to the certificate of the CA %1.</source>
        <translation>Восстановленный ключ не соответствует регистрационному свидетельству УЦ %1.</translation>
    </message>
    <message>
        <source>A signed revocation request is a CMS file of at most 1 MiB.</source>
        <translation>Подписанный запрос на отзыв — это файл CMS размером не более 1 МиБ.</translation>
    </message>
    <message>
        <source>The signed revocation request is refused: %1</source>
        <translation>Подписанный запрос на отзыв отклонён: %1</translation>
    </message>
    <message>
        <source>the signed content is not a revocation application ({&quot;form&quot;: CODE, &quot;data&quot;: {fields}} in JSON).</source>
        <translation>подписанное содержимое не является заявлением на отзыв ({&quot;form&quot;: CODE, &quot;data&quot;: {fields}} в JSON).</translation>
    </message>
    <message>
        <source>the form %1 cannot be sent as a signed electronic application (NCA-REVOKE-IND or NCA-REVOKE-LEGAL).</source>
        <translation>форму %1 нельзя подать в виде подписанного электронного заявления (NCA-REVOKE-IND или NCA-REVOKE-LEGAL).</translation>
    </message>
    <message>
        <source>the signer&apos;s certificate (%1, issued by %2) was not issued by a CA of this register.</source>
        <translation>регистрационное свидетельство подписанта (%1, издатель: %2) выдано не УЦ этого реестра.</translation>
    </message>
    <message>
        <source>the signer&apos;s certificate (%1, issued by %2) was not issued by the CA %3.</source>
        <translation>регистрационное свидетельство подписанта (%1, издатель: %2) выдано не УЦ %3.</translation>
    </message>
    <message>
        <source>the signer&apos;s certificate %1 is revoked.</source>
        <translation>регистрационное свидетельство подписанта %1 отозвано.</translation>
    </message>
    <message>
        <source>the signer&apos;s certificate %1 is not valid now (valid from %2 to %3).</source>
        <translation>регистрационное свидетельство подписанта %1 сейчас недействительно (срок действия с %2 по %3).</translation>
    </message>
    <message>
        <source>the form %1 is not used by the CA %2.</source>
        <translation>форма %1 не применяется в УЦ %2.</translation>
    </message>
    <message>
        <source>the CA %1 has no certificate with the serial number %2.</source>
        <translation>у УЦ %1 нет регистрационного свидетельства с серийным номером %2.</translation>
    </message>
    <message>
        <source>the certificate %1 is already revoked.</source>
        <translation>регистрационное свидетельство %1 уже отозвано.</translation>
    </message>
    <message>
        <source>the signer&apos;s certificate %1 names no BIN; a legal entity&apos;s application is signed with a certificate of that legal entity.</source>
        <translation>в регистрационном свидетельстве подписанта %1 не указан БИН; заявление юридического лица подписывается регистрационным свидетельством этого юридического лица.</translation>
    </message>
    <message>
        <source>the signer&apos;s certificate %1 names no IIN.</source>
        <translation>в регистрационном свидетельстве подписанта %1 не указан ИИН.</translation>
    </message>
    <message>
        <source>the application is made for BIN %1, but signed with a certificate of BIN %2.</source>
        <translation>заявление подано по БИН %1, а подписано регистрационным свидетельством с БИН %2.</translation>
    </message>
    <message>
        <source>the application is made for IIN %1, but signed with a certificate of IIN %2.</source>
        <translation>заявление подано по ИИН %1, а подписано регистрационным свидетельством с ИИН %2.</translation>
    </message>
    <message>
        <source>the certificate %1 does not belong to the signer (%2 %3); only its holder may ask for its revocation this way.</source>
        <translation>регистрационное свидетельство %1 не принадлежит подписанту (%2 %3); таким способом запросить его отзыв может только его владелец.</translation>
    </message>
    <message>
        <source>electronic application signed with certificate %1; certificate %2 revoked</source>
        <translation>электронное заявление, подписанное регистрационным свидетельством %1; регистрационное свидетельство %2 отозвано</translation>
    </message>
    <message>
        <source>electronic application %1, CMS SHA-256 %2</source>
        <translation>электронное заявление %1, CMS SHA-256 %2</translation>
    </message>
    <message>
        <source>Application %1 is not an application for revocation.</source>
        <translation>Заявление №%1 не является заявлением на отзыв.</translation>
    </message>
    <message>
        <source>Application %1 is not approved: a revocation application is carried out after another officer approved it.</source>
        <translation>Заявление №%1 не одобрено: заявление на отзыв исполняется после одобрения другим сотрудником УЦ.</translation>
    </message>
    <message>
        <source>application %1</source>
        <translation>заявление №%1</translation>
    </message>
    <message>
        <source>application %1, letter %2</source>
        <translation>заявление №%1, письмо %2</translation>
    </message>
    <message>
        <source>Application %1 names no certificate serial number to revoke.</source>
        <translation>В заявлении №%1 не указан серийный номер регистрационного свидетельства для отзыва.</translation>
    </message>
    <message>
        <source>revoked: %1</source>
        <translation>отозваны: %1</translation>
    </message>
    <message>
        <source>A CRL is published only after the changes it reports are recorded; it cannot be published inside an open register transaction.</source>
        <translation>СОРС публикуется только после записи изменений, о которых он сообщает; его нельзя опубликовать внутри открытой транзакции реестра.</translation>
    </message>
    <message>
        <source>The delta CRL is published when the enclosing change is recorded.</source>
        <translation>Дельта-СОРС будет опубликован, когда охватывающее изменение будет записано.</translation>
    </message>
    <message>
        <source>This public key was revoked for key compromise (certificate %1 of %2): it is never certified again. The holder must generate a new key pair.</source>
        <translation>Этот открытый ключ отозван из-за компрометации (регистрационное свидетельство %1 УЦ %2): он больше никогда не удостоверяется. Владелец должен создать новую пару ключей.</translation>
    </message>
    <message>
        <source>This public key is already certified (certificate %1 of %2): a key is certified only once. The holder must generate a new key pair.</source>
        <translation>Этот открытый ключ уже удостоверен (регистрационное свидетельство %1 УЦ %2): ключ удостоверяется только один раз. Владелец должен создать новую пару ключей.</translation>
    </message>
    <message>
        <source>The CA %1 does not put certificates on hold (hold_allowed is false): revoke with a final reason instead.</source>
        <translation>УЦ %1 не приостанавливает действие свидетельств (hold_allowed = false): отзовите с окончательной причиной.</translation>
    </message>
    <message>
        <source>The basis document takes at most %1 characters (%2 given).</source>
        <translation>Документ-основание — не более %1 символов (указано %2).</translation>
    </message>
    <message>
        <source>aa_compromise is for attribute authorities; the certificate %1 is an end-entity certificate (%2): use key_compromise.</source>
        <translation>aa_compromise относится к центрам атрибутов; регистрационное свидетельство %1 — конечное (%2): используйте key_compromise.</translation>
    </message>
    <message>
        <source>Each of the %1 shares needs its custodian (name and position); %2 given.</source>
        <translation>Для каждой из %1 долей нужен хранитель (ФИО и должность); указано: %2.</translation>
    </message>
    <message>
        <source>The custodian of share %1 needs both a name and a position.</source>
        <translation>Для хранителя доли %1 нужны и ФИО, и должность.</translation>
    </message>
    <message>
        <source>%1 is named as the custodian of two shares; each share goes to a different custodian.</source>
        <translation>%1 указан хранителем двух долей; каждая доля передаётся отдельному хранителю.</translation>
    </message>
    <message>
        <source>The reserved CRL record %1 is missing.</source>
        <translation>Зарезервированная запись СОРС %1 отсутствует.</translation>
    </message>
    <message>
        <source>The application asks for %1 years; the rules in force (%2, %3) allow at most %4 for a key %5: the certificate is valid %4 year(s).</source>
        <translation>В заявлении запрошен срок (лет): %1; действующие правила (%2, %3) допускают для ключа %5 не более %4: регистрационное свидетельство выдаётся на срок (лет): %4.</translation>
    </message>
    <message>
        <source>on a token</source>
        <translation>на токене</translation>
    </message>
    <message>
        <source>in a file</source>
        <translation>в файле</translation>
    </message>
    <message>
        <source>%1 holds a key and certificate (serial %2) that the register never recorded: an earlier issuance was interrupted before it was recorded, so that certificate was never issued. Destroy that file and issue again.</source>
        <translation>В %1 находятся ключ и регистрационное свидетельство (серийный номер %2), которые никогда не вносились в реестр: предыдущая выдача была прервана до внесения в реестр, поэтому это регистрационное свидетельство не выдано. Уничтожьте этот файл и выдайте заново.</translation>
    </message>
    <message>
        <source>Application %1 asks for signing and authentication: both certificates are issued together, each for its own key. Give the request of the authentication key too.</source>
        <translation>В заявлении %1 запрошены подписание и аутентификация: оба регистрационных свидетельства выдаются вместе, каждое на свой ключ. Укажите также запрос ключа аутентификации.</translation>
    </message>
    <message>
        <source>Application %1 asks for signing and authentication: the authentication key is generated too and needs a PKCS#12 file of its own.</source>
        <translation>В заявлении %1 запрошены подписание и аутентификация: ключ аутентификации тоже генерируется, и для него нужен отдельный файл PKCS#12.</translation>
    </message>
    <message>
        <source>Application %1 asks for one certificate (%2): there is no authentication certificate to issue from a second request.</source>
        <translation>В заявлении %1 запрошено одно регистрационное свидетельство (%2): регистрационное свидетельство аутентификации по второму запросу не выдаётся.</translation>
    </message>
    <message>
        <source>The signing and the authentication requests carry the same public key: each certificate needs its own key pair.</source>
        <translation>Запросы для подписания и для аутентификации содержат один и тот же открытый ключ: для каждого регистрационного свидетельства нужна своя ключевая пара.</translation>
    </message>
    <message>
        <source>A hold does not say since when the key is invalid: give no invalidity date with certificate_hold.</source>
        <translation>Приостановление не указывает, с какого момента ключ недействителен: не задавайте дату недействительности при certificate_hold.</translation>
    </message>
    <message>
        <source>The invalidity date %1 is in the future: it is when the key is known or suspected to have been compromised.</source>
        <translation>Дата недействительности %1 находится в будущем: это момент, с которого ключ известен или предполагается скомпрометированным.</translation>
    </message>
    <message>
        <source>The invalidity date %1 is after the revocation time %2: the key became invalid before it was revoked, not after.</source>
        <translation>Дата недействительности %1 позже времени отзыва %2: ключ стал недействительным до отзыва, а не после.</translation>
    </message>
    <message>
        <source>The CRL was not published: %1</source>
        <translation>СОРС не опубликован: %1</translation>
    </message>
    <message>
        <source>The certificate %1 is not on hold: only a certificate held (certificate_hold) is released.</source>
        <translation>Действие регистрационного свидетельства %1 не приостановлено: возобновить можно только приостановленное (certificate_hold) регистрационное свидетельство.</translation>
    </message>
    <message>
        <source>The certificate %1 is revoked for %2, which is final: only a hold (certificate_hold) is released.</source>
        <translation>Регистрационное свидетельство %1 отозвано по причине %2, и это окончательно: снять можно только приостановление (certificate_hold).</translation>
    </message>
    <message>
        <source>The CA %1 has no key and certificate yet: an administrator sets up its key (Settings → CAs → Set up key…, or the command ca init).</source>
        <translation>У УЦ %1 ещё нет ключа и свидетельства: администратор настраивает его ключ (Настройки → УЦ → Настроить ключ… или команда ca init).</translation>
    </message>
    <message>
        <source>The CA %1 already has a key waiting for its certificate: import the certificate its parent issued (Settings → CAs → Import certificate…, or the command ca import-cert).</source>
        <translation>У УЦ %1 уже есть ключ, ожидающий свидетельства: импортируйте свидетельство, выданное вышестоящим УЦ (Настройки → УЦ → Импортировать свидетельство… или команда ca import-cert).</translation>
    </message>
    <message>
        <source>The CA %1 has no key waiting for a certificate: make its key and request first (Settings → CAs → Set up key…, or the command ca init --subordinate).</source>
        <translation>У УЦ %1 нет ключа, ожидающего свидетельства: сначала создайте ключ и запрос (Настройки → УЦ → Настроить ключ… или команда ca init --subordinate).</translation>
    </message>
    <message>
        <source>The CA %1 has no certificate yet: an administrator sets up its key (Settings → CAs → Set up key…, or the command ca init).</source>
        <translation>У УЦ %1 ещё нет свидетельства: администратор настраивает его ключ (Настройки → УЦ → Настроить ключ… или команда ca init).</translation>
    </message>
    <message>
        <source>No CA key passphrase was given: publish the CRL now (Certificates → Publish CRL…, or the command crl publish).</source>
        <translation>Парольная фраза ключа УЦ не указана: опубликуйте СОРС сейчас (Свидетельства → Опубликовать СОРС… или команда crl publish).</translation>
    </message>
    <message>
        <source>No CA key passphrase was given: publish the delta CRL now (Certificates → Publish CRL…, or the command crl publish --delta).</source>
        <translation>Парольная фраза ключа УЦ не указана: опубликуйте дельта-СОРС сейчас (Свидетельства → Опубликовать СОРС… или команда crl publish --delta).</translation>
    </message>
    <message>
        <source>The CA %1 publishes partitioned CRLs (%2 partitions): it publishes no delta CRLs. Publish its full CRLs (without --delta); each partition&apos;s CRL is small.</source>
        <translation>УЦ %1 выпускает секционированные СОРС (%2 секций): дельта-СОРС он не выпускает. Публикуйте его полные СОРС (без --delta); СОРС каждой секции невелик.</translation>
    </message>
    <message>
        <source>The CA %1 has CRL partitions but no cdp_url: its own CRL needs it as its distribution point (ca set --code %1 cdp_url=…).</source>
        <translation>У УЦ %1 есть секции СОРС, но нет cdp_url: он нужен как точка распространения его собственного СОРС (ca set --code %1 cdp_url=…).</translation>
    </message>
    <message>
        <source>Register query failed: %1</source>
        <translation>Запрос к реестру не выполнен: %1</translation>
    </message>
    <message>
        <source>Cannot copy the CA certificate.</source>
        <translation>Не удаётся скопировать свидетельство УЦ.</translation>
    </message>
    <message>
        <source>The batch holds no certificate requests.</source>
        <translation>В пакете нет запросов на свидетельства.</translation>
    </message>
    <message>
        <source>Group %1 of the batch (%2 certificate requests) could not be recorded, so none of its certificates was issued; the batch stopped there: %3</source>
        <translation>Группу %1 пакета (%2 запросов) не удалось записать, поэтому ни одно её свидетельство не выдано; пакет остановлен на ней: %3</translation>
    </message>
    <message>
        <source>Nothing is published.</source>
        <translation>Ничего не опубликовано.</translation>
    </message>
    <message>
        <source>Group %1 of the batch could not be recorded, so none of its certificates was issued; the batch stopped there: %2</source>
        <translation>Группу %1 пакета не удалось записать, поэтому ни одно её свидетельство не выдано; пакет остановлен на ней: %2</translation>
    </message>
    <message>
        <source>Publishing was cancelled: no CRL of %1 was published.</source>
        <translation>Публикация отменена: ни один СОРС %1 не опубликован.</translation>
    </message>
    <message>
        <source>Publishing was cancelled after %1 of the %2 CRLs of %3: those stay published (each is complete), the others were not published. Publish again to publish them all.</source>
        <translation>Публикация отменена после %1 из %2 СОРС %3: они остаются опубликованными (каждый полон), остальные не опубликованы. Опубликуйте снова, чтобы опубликовать все.</translation>
    </message>
    <message>
        <source>the delta CRL of %1</source>
        <translation>дельта-СОРС %1</translation>
    </message>
    <message>
        <source>the CRL of %1</source>
        <translation>СОРС %1</translation>
    </message>
    <message>
        <source>the CRL of partition %1</source>
        <translation>СОРС секции %1</translation>
    </message>
    <message>
        <source>CRL %1 of %2: %3…</source>
        <translation>СОРС %1 из %2: %3…</translation>
    </message>
    <message numerus="yes">
        <source>%n CRL(s) published.</source>
        <translation>
            <numerusform>Опубликован %n СОРС.</numerusform>
            <numerusform>Опубликовано %n СОРС.</numerusform>
            <numerusform>Опубликовано %n СОРС.</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading and signing the revoked certificates: %1 of %2…</source>
        <translation>Чтение и подписание отозванных свидетельств: %1 из %2…</translation>
    </message>
    <message>
        <source>Publishing was stopped.</source>
        <translation>Публикация остановлена.</translation>
    </message>
    <message>
        <source>Publishing was cancelled while %1 was being encoded: nothing of it is published.</source>
        <translation>Публикация отменена во время формирования (%1): ничего из него не опубликовано.</translation>
    </message>
    <message>
        <source>The key backup %1 was recorded but its files could not be written; none of them is left in %2. %3</source>
        <translation>Резервная копия ключа %1 зарегистрирована, но её файлы не удалось записать; в папке %2 ни одного из них не осталось. %3</translation>
    </message>
    <message>
        <source>The restore of the backup %1 was recorded but the key file %2 could not be written. %3</source>
        <translation>Восстановление из резервной копии %1 зарегистрировано, но файл ключа %2 не удалось записать. %3</translation>
    </message>
    <message>
        <source>The register names the CA&apos;s previous key %1 again.</source>
        <translation>Реестр снова указывает прежний ключ УЦ %1.</translation>
    </message>
    <message>
        <source>The register still names the missing file as the CA&apos;s key and could not be changed back (%1): restore the key again.</source>
        <translation>Реестр по-прежнему указывает отсутствующий файл как ключ УЦ, и вернуть прежнее значение не удалось (%1): восстановите ключ ещё раз.</translation>
    </message>
    <message>
        <source>Other users can write in the folder %1: they could delete or replace the shares before the custodians receive them. Choose a private folder, or close it first (chmod o-w).</source>
        <translation>Другие пользователи могут писать в папку %1: они могли бы удалить или подменить части до того, как их получат хранители. Выберите личную папку или сначала закройте её (chmod o-w).</translation>
    </message>
    <message>
        <source>This public key is the key of a CA or of its OCSP signing certificate: it is never certified for a holder. The holder must generate a new key pair.</source>
        <translation>Этот открытый ключ — ключ УЦ или его свидетельства подписи OCSP: он никогда не удостоверяется для владельца. Владелец должен сформировать новую пару ключей.</translation>
    </message>
    <message>
        <source>This key is certified for a holder (certificate %1 of %2%3): it never signs OCSP answers. Generate a new key for the OCSP signer.</source>
        <translation>Этот ключ удостоверен для владельца (регистрационное свидетельство %1 УЦ %2%3): он никогда не подписывает ответы OCSP. Сформируйте новый ключ для подписи OCSP.</translation>
    </message>
    <message>
        <source>, revoked for key compromise</source>
        <translation>, отозван из-за компрометации ключа</translation>
    </message>
    <message>
        <source>This key is the key of the CA %1: the OCSP signer has a key of its own. Generate a new key for the OCSP signer.</source>
        <translation>Этот ключ — ключ УЦ %1: у подписи OCSP свой ключ. Сформируйте новый ключ для подписи OCSP.</translation>
    </message>
    <message>
        <source>This key signs the OCSP answers of the CA %1: each CA&apos;s OCSP signer has a key of its own. Generate a new key for the OCSP signer.</source>
        <translation>Этот ключ подписывает ответы OCSP УЦ %1: у подписи OCSP каждого УЦ свой ключ. Сформируйте новый ключ для подписи OCSP.</translation>
    </message>
    <message>
        <source>ca_compromise is for a CA&apos;s certificate, revoked at its parent; the certificate %1 is an end-entity certificate (%2): use key_compromise for a compromised key.</source>
        <translation>ca_compromise относится к свидетельству УЦ, которое отзывает вышестоящий УЦ; регистрационное свидетельство %1 — конечное (%2): при компрометации ключа используйте key_compromise.</translation>
    </message>
    <message>
        <source>The key backup %1 failed and its files were removed (%2): there is nothing to hand over.</source>
        <translation>Резервная копия ключа %1 не удалась, её файлы удалены (%2): передавать нечего.</translation>
    </message>
    <message>
        <source>The CA %1 has no recorded key backup %2.</source>
        <translation>У УЦ %1 нет записанной резервной копии ключа %2.</translation>
    </message>
    <message>
        <source>The invalidity date %1 is before the certificate %2 became valid (%3). If the key was compromised before that, give the beginning of the certificate&apos;s validity.</source>
        <translation>Дата недействительности %1 раньше начала действия регистрационного свидетельства %2 (%3). Если ключ был скомпрометирован раньше, укажите начало срока действия свидетельства.</translation>
    </message>
    <message>
        <source>This key is certified for a holder (certificate %1 of %2%3): it never becomes a CA&apos;s key. Generate a new key for the CA.</source>
        <translation>Этот ключ удостоверен для владельца (регистрационное свидетельство %1 УЦ %2%3): он никогда не становится ключом УЦ. Создайте для УЦ новый ключ.</translation>
    </message>
    <message>
        <source>This key is certified for a holder (certificate %1 of %2%3): it never signs the event log&apos;s anchors. Generate a new key for the event log.</source>
        <translation>Этот ключ удостоверен для владельца (регистрационное свидетельство %1 УЦ %2%3): он никогда не подписывает якоря журнала событий. Создайте для журнала событий новый ключ.</translation>
    </message>
    <message>
        <source>This key signs the OCSP answers of the CA %1: it never becomes a CA&apos;s key. Generate a new key for the CA.</source>
        <translation>Этим ключом подписываются ответы OCSP УЦ %1: он никогда не становится ключом УЦ. Создайте для УЦ новый ключ.</translation>
    </message>
    <message>
        <source>This key signs the OCSP answers of the CA %1: it never signs the event log&apos;s anchors. Generate a new key for the event log.</source>
        <translation>Этим ключом подписываются ответы OCSP УЦ %1: он никогда не подписывает якоря журнала событий. Создайте для журнала событий новый ключ.</translation>
    </message>
    <message>
        <source>This key is the key of the CA %1: each CA has a key of its own. Generate a new key for the CA.</source>
        <translation>Это ключ УЦ %1: у каждого УЦ свой ключ. Создайте для УЦ новый ключ.</translation>
    </message>
    <message>
        <source>This key is the key of the CA %1: the event log&apos;s anchors are signed with a key of their own. Generate a new key for the event log.</source>
        <translation>Это ключ УЦ %1: якоря журнала событий подписываются своим ключом. Создайте для журнала событий новый ключ.</translation>
    </message>
    <message>
        <source>This key signs the event log&apos;s anchors: it never becomes a CA&apos;s key. Generate a new key for the CA.</source>
        <translation>Этим ключом подписываются якоря журнала событий: он никогда не становится ключом УЦ. Создайте для УЦ новый ключ.</translation>
    </message>
    <message>
        <source>This key signs the event log&apos;s anchors: it never signs OCSP answers. Generate a new key for the OCSP signer.</source>
        <translation>Этим ключом подписываются якоря журнала событий: он никогда не подписывает ответы OCSP. Создайте новый ключ для подписи ответов OCSP.</translation>
    </message>
    <message>
        <source>This computer&apos;s clock says %1, but the CA %2 already published a CRL dated %3: the clock is behind. Set the clock right (and check the clock of the computer that published that CRL), then publish again. Nothing was published.</source>
        <translation>Часы этого компьютера показывают %1, но УЦ %2 уже опубликовал СОРС от %3: часы отстают. Исправьте часы (и проверьте часы компьютера, опубликовавшего тот СОРС), затем опубликуйте снова. Ничего не опубликовано.</translation>
    </message>
    <message>
        <source>%1 revocation(s) in CRL %2 are dated after its time %3 (the first: %4, dated %5): they were recorded by a computer whose clock was ahead, or this computer&apos;s clock is behind. The CRL dates them %3. Check the clocks of the computers that use the register.</source>
        <translation>%1 отзыв(ов) в СОРС %2 датированы позже его времени %3 (первый: %4, от %5): их записал компьютер, часы которого спешили, или часы этого компьютера отстают. СОРС датирует их %3. Проверьте часы компьютеров, работающих с реестром.</translation>
    </message>
    <message>
        <source>The lock file %1 belongs to another user (uid %2), not to a publisher of this folder, and cannot be removed: %3. The CRL of %4 is not published until it is removed (and the folder closed to others).</source>
        <translation>Файл блокировки %1 принадлежит другому пользователю (uid %2), а не публикующему в эту папку, и удалить его не удаётся: %3. СОРС %4 не будет опубликован, пока файл не удалён (а папка не закрыта для других).</translation>
    </message>
    <message>
        <source>Removed the lock file %1 of another user (uid %2): not a publisher&apos;s lock.</source>
        <translation>Удалён файл блокировки %1 другого пользователя (uid %2): это не блокировка публикующего.</translation>
    </message>
    <message>
        <source>The certificate&apos;s subject (%1) is the name of the CA %2 of this register: each CA&apos;s name is its own (it names the issuer of every certificate and CRL).</source>
        <translation>Субъект регистрационного свидетельства (%1) — это наименование удостоверяющего центра %2 этого реестра: наименование каждого удостоверяющего центра — только его собственное (оно называет издателя каждого свидетельства и СОРС).</translation>
    </message>
    <message>
        <source>The certificate&apos;s issuer (%1) is not a CA of this register: give the issuer&apos;s certificate after the CA&apos;s in the same PEM file, so that its signature and key can be checked.</source>
        <translation>Издатель регистрационного свидетельства (%1) не является удостоверяющим центром этого реестра: укажите свидетельство издателя после свидетельства удостоверяющего центра в том же PEM-файле, чтобы проверить его подпись и ключ.</translation>
    </message>
    <message>
        <source>%1 is the name of the issuing CA %2 itself: a CA never certifies another key under its own name.</source>
        <translation>%1 — это наименование самого издающего удостоверяющего центра %2: удостоверяющий центр никогда не удостоверяет другой ключ под своим наименованием.</translation>
    </message>
    <message>
        <source>%1 is the name of the CA %2 of this register: a certificate under that name certifies only that CA&apos;s own key (the key waiting for its certificate, made by ca init --subordinate, or its current key when it is renewed), not the key of this request.</source>
        <translation>%1 — это наименование удостоверяющего центра %2 этого реестра: регистрационное свидетельство под этим наименованием удостоверяет только собственный ключ этого центра (ключ, ожидающий своего свидетельства, созданный ca init --subordinate, или его текущий ключ при обновлении), а не ключ этого запроса.</translation>
    </message>
    <message>
        <source>The subject of the certificate for %1 is the name of the CA %2 of this register: a CA certificate never names another CA (it names the issuer of every certificate and CRL).</source>
        <translation>Субъект регистрационного свидетельства для %1 — это наименование удостоверяющего центра %2 этого реестра: свидетельство удостоверяющего центра никогда не называет другой центр (оно называет издателя каждого свидетельства и СОРС).</translation>
    </message>
    <message>
        <source>the signed content gives the field &quot;%1&quot; twice; each field is given once, with the value meant.</source>
        <translation>в подписанном содержимом поле «%1» указано дважды; каждое поле указывается один раз, с нужным значением.</translation>
    </message>
    <message>
        <source>The CA %1 would issue under the name %2, which is the name of the CA %3 of this register (its certificate&apos;s subject, or the name its settings compose): each CA&apos;s name is its own (it names the issuer of every certificate and CRL). Register this CA anew under another name (Settings → CAs, or the command ca add).</source>
        <translation>УЦ %1 выпускал бы под именем %2, а это имя УЦ %3 этого реестра (субъект его сертификата или имя, составляемое его настройками): у каждого УЦ своё имя (им назван издатель каждого сертификата и СОРС). Зарегистрируйте этот УЦ заново под другим именем (Настройки → УЦ или команда ca add).</translation>
    </message>
    <message>
        <source>The certificate&apos;s subject (%1) is not the own name of the CA %2, %3 (its name composed with its settings subject_layout and subject_organisation, as a ROOT-ISSUE certificate names it; names are compared attribute by attribute, in their order): each CA issues under its own name only. Ask the parent for a certificate with that subject, or, when the parent&apos;s form of the name is the one to keep, set subject_layout and subject_organisation (Settings → CAs, or the command ca set) so that they compose it, and import again.</source>
        <translation>Субъект сертификата (%1) не является собственным именем УЦ %2 — %3 (имя, составленное по его настройкам subject_layout и subject_organisation, как его называет сертификат ROOT-ISSUE; имена сравниваются по атрибутам, в их порядке): каждый УЦ выпускает только под своим именем. Запросите у вышестоящего УЦ сертификат с этим субъектом или, если нужно сохранить его форму имени, задайте subject_layout и subject_organisation (Настройки → УЦ или команда ca set) так, чтобы они её составляли, и импортируйте снова.</translation>
    </message>
    <message>
        <source>the CA %1 of this register</source>
        <translation>УЦ %1 этого реестра</translation>
    </message>
    <message>
        <source>Custodian</source>
        <translation>Хранитель</translation>
    </message>
    <message>
        <source>Key media serial</source>
        <translation>Серийный номер носителя ключа</translation>
    </message>
    <message>
        <source>Basis document</source>
        <translation>Документ-основание</translation>
    </message>
    <message>
        <source>the signer&apos;s certificate %1 is not a signing certificate; an application is signed with the holder&apos;s signing certificate.</source>
        <translation>регистрационное свидетельство подписавшего %1 не предназначено для подписи; заявление подписывается свидетельством владельца для подписи.</translation>
    </message>
    <message>
        <source>the certificate %1 is another person&apos;s of BIN %2, and the signer&apos;s certificate %3 is not the first head&apos;s: a legal entity&apos;s application for another person&apos;s certificate is signed by its first head.</source>
        <translation>регистрационное свидетельство %1 принадлежит другому лицу с БИН %2, а свидетельство подписавшего %3 — не первого руководителя: заявление юридического лица о свидетельстве другого лица подписывает его первый руководитель.</translation>
    </message>
    <message>
        <source>The certificate %1 is on hold since %2: its revocation is not dated before that.</source>
        <translation>Регистрационное свидетельство %1 приостановлено с %2: его отзыв не датируется ранее этого.</translation>
    </message>
    <message>
        <source>A revocation on the basis %1 names its document (number and date): give the basis document.</source>
        <translation>При отзыве на основании %1 указывается его документ (номер и дата): введите документ-основание.</translation>
    </message>
    <message>
        <source>The lock file %1 of the CA %2 is not a regular file (a pipe, a link, a folder or a device): it is no publisher&apos;s lock. The CRL is not published until it is removed.</source>
        <translation>Файл блокировки %1 УЦ %2 не является обычным файлом (канал, ссылка, папка или устройство): это не блокировка публикующего. СОРС не публикуется, пока он не удален.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::CaKeyring</name>
    <message>
        <source>The key of the CA %1 could not be kept unlocked.</source>
        <translation>Не удалось сохранить ключ УЦ %1 разблокированным.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::CalendarService</name>
    <message>
        <source>Give a real date between 2000 and 2100.</source>
        <translation>Укажите существующую дату в пределах 2000–2100 годов.</translation>
    </message>
    <message>
        <source>There is no override for %1.</source>
        <translation>Для %1 изменений календаря нет.</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Примечание</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::CrlNumbers</name>
    <message>
        <source>Cannot read the published CRL %1: %2</source>
        <translation>Не удаётся прочитать опубликованный СОРС %1: %2</translation>
    </message>
    <message>
        <source>%1 in the publish folder is not a readable CRL (%2); its number cannot be known, so no CRL is published over it. Move it away after checking it.</source>
        <translation>%1 в папке публикации не является читаемым СОРС (%2); его номер неизвестен, поэтому поверх него СОРС не публикуется. Проверьте файл и переместите его.</translation>
    </message>
    <message>
        <source>The CA %1 has published CRLs up to number %2, but the folder %3 holds none of them. Publishing here could repeat a number that relying parties have already seen (if the register was put back from an older copy). Publish into the folder that holds the CA&apos;s CRLs, or copy its current CRL (%1.crl) here first; if this folder really is new to the CA, confirm it as a new folder.</source>
        <translation>УЦ %1 опубликовал СОРС до номера %2, но в папке %3 нет ни одного из них. Публикация здесь может повторить номер, который проверяющие стороны уже видели (если реестр вернули из старой копии). Публикуйте в папку, где лежат СОРС этого УЦ, или сначала скопируйте сюда его текущий СОРС (%1.crl); если папка действительно новая для УЦ, подтвердите её как новую.</translation>
    </message>
    <message>
        <source>The register records CRL number %1 for the CA %2, which Tirkeu never writes: the register was changed outside Tirkeu. No CRL is published; check it with audit verify.</source>
        <translation>В реестре записан номер СОРС %1 для УЦ %2, какого Tirkeu никогда не записывает: реестр изменён в обход Tirkeu. СОРС не публикуется; проверьте реестр командой audit verify.</translation>
    </message>
    <message>
        <source>%1 in the publish folder has CRL number %2, above every CRL the register knows, but it is not a CRL of the CA %3 (not issued and signed by it): someone else wrote it there. No CRL is published; move it away, check who may write in the folder, and publish again.</source>
        <translation>Файл %1 в папке публикации имеет номер СОРС %2, больше любого СОРС, известного реестру, но это не СОРС УЦ %3 (он не выпущен и не подписан этим УЦ): его записал туда кто-то другой. СОРС не публикуется; уберите файл, проверьте, кто может писать в папку, и опубликуйте снова.</translation>
    </message>
    <message>
        <source>The CA %1 has used every CRL number up to %2: no CRL can follow it.</source>
        <translation>УЦ %1 использовал все номера СОРС до %2: следующий СОРС невозможен.</translation>
    </message>
    <message>
        <source>The register raises the CRL numbers of the CA %1 to above %2, but no restore recorded a number above %3 (register.restored events): the floor was written outside Tirkeu. No CRL is published; check the register with audit verify.</source>
        <translation>Реестр поднимает номера СОРС УЦ %1 выше %2, но ни одно восстановление не записало номер выше %3 (события register.restored): эта нижняя граница записана в обход Tirkeu. СОРС не публикуется; проверьте реестр командой audit verify.</translation>
    </message>
    <message>
        <source>The CRL %1 of the CA %2 in the publish folder (number %3, newer than every CRL this register recorded) lists %4 certificate(s) as revoked that this register does not have as revoked (%5): the register is older than that CRL (a backup restored?). No CRL is published: one that left them out would take their revocation back. Revoke them again in this register (a certificate it does not know: restore a newer backup), then publish.</source>
        <translation>СОРС %1 УЦ %2 в папке публикации (номер %3, новее всех СОРС, записанных этим реестром) перечисляет как отозванные %4 сертификат(ов), которые в этом реестре не отозваны (%5): реестр старше этого СОРС (восстановлен из резервной копии?). СОРС не публикуется: список без них отменил бы их отзыв. Отзовите их снова в этом реестре (сертификат, которого реестр не знает: восстановите более новую резервную копию), затем опубликуйте.</translation>
    </message>
    <message>
        <source>%1 (only on hold here)</source>
        <translation>%1 (здесь только приостановлено)</translation>
    </message>
    <message>
        <source>%1 (here for a reason other than a compromise)</source>
        <translation>%1 (здесь по причине, отличной от компрометации)</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::CrlPartitions</name>
    <message>
        <source>crl_partition is none, serial-range:N (N from 2 to 4096 ranges of the serial numbers) or period:M (M from 1 to 120 months of issuance): %1</source>
        <translation>crl_partition — это none, serial-range:N (N диапазонов серийных номеров, от 2 до 4096) или period:M (M месяцев выдачи, от 1 до 120): %1</translation>
    </message>
    <message>
        <source>CRL partition %1 of CA %2 has published CRLs (%3) but is no longer in the register&apos;s crl_partitions: it was deleted outside Tirkeu.</source>
        <translation>У раздела СОРС %1 УЦ %2 есть опубликованные списки (%3), но его больше нет в таблице crl_partitions реестра: он удалён вне Tirkeu.</translation>
    </message>
    <message>
        <source>CRL partition of certificate %1 of CA %2 does not match the certificate: %3. The register&apos;s crl_partition_members or crl_partitions was changed outside Tirkeu; its revocation would be missing from the CRL the certificate names.</source>
        <translation>Раздел СОРС свидетельства %1 УЦ %2 не соответствует свидетельству: %3. Таблица crl_partition_members или crl_partitions реестра изменена вне Tirkeu; его отзыв отсутствовал бы в СОРС, указанном в свидетельстве.</translation>
    </message>
    <message>
        <source>its DER is not a certificate</source>
        <translation>его DER не является свидетельством</translation>
    </message>
    <message>
        <source>it is recorded in partition %1, which the CA does not have</source>
        <translation>он записан в раздел %1, которого у УЦ нет</translation>
    </message>
    <message>
        <source>it is recorded in partition %1 (%2) but names %3</source>
        <translation>он записан в раздел %1 (%2), но указывает %3</translation>
    </message>
    <message>
        <source>it names the partition CRL %1 but is recorded in no partition</source>
        <translation>он указывает СОРС раздела %1, но не записан ни в один раздел</translation>
    </message>
    <message>
        <source>it names the partition CRL %1, which the register has no record of</source>
        <translation>он указывает СОРС раздела %1, о котором в реестре нет записи</translation>
    </message>
    <message>
        <source>CRL partition %1 of CA %2 has the URL %3, but a partition&apos;s URL ends with -%1.crl: the register&apos;s crl_partitions was changed outside Tirkeu.</source>
        <translation>У раздела СОРС %1 УЦ %2 адрес %3, но адрес раздела оканчивается на -%1.crl: таблица crl_partitions реестра изменена вне Tirkeu.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Database</name>
    <message>
        <source>No register location given.</source>
        <translation>Не указано расположение реестра.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>Не удалось создать папку %1.</translation>
    </message>
    <message>
        <source>Cannot open the register %1</source>
        <translation>Не удалось открыть реестр %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Register query failed</source>
        <translation>Ошибка запроса к реестру</translation>
    </message>
    <message>
        <source>Register schema statement failed</source>
        <translation>Ошибка выполнения инструкции схемы реестра</translation>
    </message>
    <message>
        <source>A register transaction is already open.</source>
        <translation>Транзакция реестра уже открыта.</translation>
    </message>
    <message>
        <source>Cannot start a register transaction</source>
        <translation>Не удалось начать транзакцию реестра</translation>
    </message>
    <message>
        <source>No register transaction is open.</source>
        <translation>Нет открытой транзакции реестра.</translation>
    </message>
    <message>
        <source>Cannot commit the register transaction</source>
        <translation>Не удалось зафиксировать транзакцию реестра</translation>
    </message>
    <message>
        <source>Cannot prepare the register %1 (SQLite functions).</source>
        <translation>Не удалось подготовить реестр %1 (функции SQLite).</translation>
    </message>
    <message>
        <source>Unknown kind of schema object: %1</source>
        <translation>Неизвестный вид объекта схемы: %1</translation>
    </message>
    <message>
        <source>No table %1 in the register.</source>
        <translation>В реестре нет таблицы %1.</translation>
    </message>
    <message>
        <source>The register is busy with other workstations&apos; changes; try again in a moment.</source>
        <translation>Реестр занят изменениями с других рабочих мест; повторите попытку через несколько секунд.</translation>
    </message>
    <message>
        <source>The PostgreSQL address %1 is not valid; expected postgresql://user[:password]@host[:port]/database.</source>
        <translation>Недопустимый адрес PostgreSQL %1; ожидается postgresql://user[:password]@host[:port]/database.</translation>
    </message>
    <message>
        <source>The PostgreSQL address %1 names no database; expected postgresql://user@host[:port]/database.</source>
        <translation>В адресе PostgreSQL %1 не указана база данных; ожидается postgresql://user@host[:port]/database.</translation>
    </message>
    <message>
        <source>The PostgreSQL driver of Qt (QPSQL) is not installed; install the package libqt6sql6-psql.</source>
        <translation>Драйвер PostgreSQL для Qt (QPSQL) не установлен; установите пакет libqt6sql6-psql.</translation>
    </message>
    <message>
        <source>The PostgreSQL option %1 is not valid.</source>
        <translation>Недопустимый параметр PostgreSQL %1.</translation>
    </message>
    <message>
        <source>A step of this change failed, so none of it was recorded.</source>
        <translation>Один из шагов этого изменения не выполнен, поэтому ничего не записано.</translation>
    </message>
    <message>
        <source>This change was abandoned and cannot be committed.</source>
        <translation>Это изменение отменено и не может быть записано.</translation>
    </message>
    <message>
        <source>The register %1 is damaged (%2); nothing is written into it. Back up what is left, then restore the last good backup (Settings → Register → Restore…, or the command db restore --replace).</source>
        <translation>Реестр %1 повреждён (%2); в него ничего не записывается. Сохраните то, что осталось, затем восстановите последнюю исправную копию (Настройки → Реестр → Восстановить… или команда db restore --replace).</translation>
    </message>
    <message>
        <source>Cannot create the register %1: %2</source>
        <translation>Не удалось создать реестр %1: %2</translation>
    </message>
    <message>
        <source>The register %1 was moved to %2 (db migrate); nothing is written into it any more. Use the register at %2: change --db, TIRKEU_DB, the workstations&apos; Settings and the OCSP responder&apos;s and the CRL job&apos;s configuration to it.</source>
        <translation>Реестр %1 перенесён в %2 (db migrate); в него больше ничего не записывается. Используйте реестр %2: измените на него --db, TIRKEU_DB, настройки рабочих мест и конфигурацию OCSP-ответчика и задания СОРС.</translation>
    </message>
    <message>
        <source>The register %1 is the copy of %2 that db migrate was making when it stopped, before %2 was retired; nothing is written into it. Run the same db migrate again: it finishes the move if %2 was retired, or says what to do.</source>
        <translation>Реестр %1 — копия %2, которую создавала команда db migrate, остановившаяся до вывода %2 из работы; в него ничего не записывается. Запустите ту же команду db migrate ещё раз: она завершит перенос, если %2 выведен из работы, или скажет, что делать.</translation>
    </message>
    <message>
        <source>The register %1 carries a mark saying it was moved elsewhere, but no event of its log records such a move: the mark was written outside Tirkeu. Nothing is written into it; an administrator checks it with audit verify. Do not point anything at the address the mark names.</source>
        <translation>В реестре %1 есть отметка о его переносе в другое место, но ни одно событие журнала такого переноса не записывает: отметка записана в обход Tirkeu. В него ничего не записывается; администратор проверяет его командой audit verify. Ничего не направляйте по адресу из отметки.</translation>
    </message>
    <message>
        <source>The register %1 carries a mark saying it is an unfinished copy of another register (db migrate), but its event log does not end in the event of such a copy: the mark was written outside Tirkeu. Nothing is written into it; an administrator checks it with audit verify. Do not delete or replace this register because of the mark.</source>
        <translation>В реестре %1 есть отметка, что он — незавершённая копия другого реестра (db migrate), но его журнал событий не заканчивается событием такой копии: отметка записана в обход Tirkeu. В него ничего не записывается; администратор проверяет его командой audit verify. Не удаляйте и не заменяйте этот реестр из-за отметки.</translation>
    </message>
    <message>
        <source>Cannot read the database server&apos;s clock; nothing is recorded.</source>
        <translation>Не удаётся прочитать часы сервера базы данных; ничего не записано.</translation>
    </message>
    <message numerus="yes">
        <source>This computer&apos;s clock reads %1 and the database server&apos;s %2: %n minute(s) apart, more than the %3 the register allows. Events recorded from here would be misdated, so nothing is recorded. Set the clock right (this computer&apos;s, or the server&apos;s if every workstation is refused).</source>
        <translation>
            <numerusform>Часы этого компьютера показывают %1, часы сервера базы данных — %2: расхождение %n минута, больше допустимых реестром %3 мин. События, записанные отсюда, получили бы неверную дату, поэтому ничего не записано. Установите верное время (на этом компьютере, а если отказ получают все рабочие места — на сервере).</numerusform>
            <numerusform>Часы этого компьютера показывают %1, часы сервера базы данных — %2: расхождение %n минуты, больше допустимых реестром %3 мин. События, записанные отсюда, получили бы неверную дату, поэтому ничего не записано. Установите верное время (на этом компьютере, а если отказ получают все рабочие места — на сервере).</numerusform>
            <numerusform>Часы этого компьютера показывают %1, часы сервера базы данных — %2: расхождение %n минут, больше допустимых реестром %3 мин. События, записанные отсюда, получили бы неверную дату, поэтому ничего не записано. Установите верное время (на этом компьютере, а если отказ получают все рабочие места — на сервере).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Drafts</name>
    <message>
        <source>There is no form %1.</source>
        <translation>Формы %1 нет.</translation>
    </message>
    <message>
        <source>A draft names the CA its application is for.</source>
        <translation>В черновике должен быть указан УЦ, для которого заявление.</translation>
    </message>
    <message>
        <source>The draft is too large to keep (%1 KiB, at most %2 KiB).</source>
        <translation>Черновик слишком велик для хранения (%1 КиБ, не более %2 КиБ).</translation>
    </message>
    <message>
        <source>Draft %1 no longer exists (it was deleted, or it expired after %2 days).</source>
        <translation>Черновика %1 больше нет (он удалён или истёк через %2 дней).</translation>
    </message>
    <message>
        <source>You already keep %1 drafts: register or delete some before starting another.</source>
        <translation>У вас уже %1 черновиков: зарегистрируйте или удалите часть, прежде чем начать новый.</translation>
    </message>
    <message>
        <source>You have no draft %1.</source>
        <translation>У вас нет черновика %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n person(s)</source>
        <translation>
            <numerusform>%n лицо</numerusform>
            <numerusform>%n лица</numerusform>
            <numerusform>%n лиц</numerusform>
        </translation>
    </message>
    <message>
        <source>Draft %1 was already registered as application No. %2; it is not registered again.</source>
        <translation>Черновик %1 уже зарегистрирован как заявление № %2; повторно он не регистрируется.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Journals</name>
    <message>
        <source>Name the CA of the report.</source>
        <translation>Укажите УЦ для отчёта.</translation>
    </message>
    <message>
        <source>There is no CA with the code %1.</source>
        <translation>УЦ с кодом %1 нет.</translation>
    </message>
    <message>
        <source>The number of days must be between 1 and 3660: %1</source>
        <translation>Число дней должно быть от 1 до 3660: %1</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Notifications</name>
    <message>
        <source>The reminder period must be 1 to 365 days, not %1.</source>
        <translation>Срок напоминания должен быть от 1 до 365 дней, а не %1.</translation>
    </message>
    <message>
        <source>The number of attempts must be 1 to 100, not %1.</source>
        <translation>Число попыток должно быть от 1 до 100, а не %1.</translation>
    </message>
    <message>
        <source>An SMTP server and a sender address are needed to send notices.</source>
        <translation>Для отправки уведомлений нужны сервер SMTP и адрес отправителя.</translation>
    </message>
    <message>
        <source>Unknown notice state %1 (queued, sent or failed).</source>
        <translation>Неизвестное состояние уведомления %1 (queued, sent или failed).</translation>
    </message>
    <message>
        <source>Notice %1 (%2) was not queued by Tirkeu: no event records it. It was added outside Tirkeu and is not sent.</source>
        <translation>Уведомление %1 (%2) поставлено в очередь не Tirkeu: ни одно событие его не записывает. Оно добавлено в обход Tirkeu и не отправляется.</translation>
    </message>
    <message>
        <source>Notice %1 (%2) goes to %3, but event %4 queued it for %5: it was changed outside Tirkeu and is not sent.</source>
        <translation>Уведомление %1 (%2) адресовано %3, но событие %4 поставило его в очередь для %5: оно изменено в обход Tirkeu и не отправляется.</translation>
    </message>
    <message>
        <source>The text of notice %1 (%2) is not the one event %3 queued: it was changed outside Tirkeu and is not sent.</source>
        <translation>Текст уведомления %1 (%2) не тот, что поставило в очередь событие %3: он изменён в обход Tirkeu, уведомление не отправляется.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::OcspResponder</name>
    <message>
        <source>No CA is configured for the OCSP responder.</source>
        <translation>Для OCSP-ответчика не настроен ни один УЦ.</translation>
    </message>
    <message>
        <source>The CA %1 is configured twice.</source>
        <translation>УЦ %1 настроен дважды.</translation>
    </message>
    <message>
        <source>The OCSP signing key of CA %1 (%2): %3</source>
        <translation>Ключ подписи OCSP УЦ %1 (%2): %3</translation>
    </message>
    <message>
        <source>The register has no CA %1.</source>
        <translation>В реестре нет УЦ %1.</translation>
    </message>
    <message>
        <source>The CA %1 has no certificate yet.</source>
        <translation>У УЦ %1 ещё нет регистрационного свидетельства.</translation>
    </message>
    <message>
        <source>CA %1: %2</source>
        <translation>УЦ %1: %2</translation>
    </message>
    <message>
        <source>%1 (signer %2, valid until %3)</source>
        <translation>%1 (подписант %2, действителен до %3)</translation>
    </message>
    <message>
        <source>The OCSP responder is not started.</source>
        <translation>OCSP-ответчик не запущен.</translation>
    </message>
    <message>
        <source>no valid OCSP signing certificate in the register (the command ocsp init-signer)</source>
        <translation>в реестре нет действующего свидетельства подписи OCSP (команда ocsp init-signer)</translation>
    </message>
    <message>
        <source>The register %1 was moved to %2 (db migrate) and takes no revocations any more: no answer is given from it. Set register = %2 in the responder&apos;s configuration and restart it.</source>
        <translation>Реестр %1 перенесён в %2 (db migrate) и больше не принимает отзывы: ответы по нему не даются. Укажите register = %2 в конфигурации OCSP-ответчика и перезапустите его.</translation>
    </message>
    <message>
        <source>The register %1 is an unfinished copy of %2 (db migrate stopped before %2 was retired): no answer is given from it.</source>
        <translation>Реестр %1 — незавершённая копия %2 (db migrate остановилась до вывода %2 из работы): ответы по нему не даются.</translation>
    </message>
    <message>
        <source>(an address no event records: the mark was written outside Tirkeu)</source>
        <translation>(адрес, не записанный ни одним событием: отметка записана в обход Tirkeu)</translation>
    </message>
    <message>
        <source>The certificate of the CA %1 ended on %2: no answer is given for it.</source>
        <translation>Срок сертификата УЦ %1 истёк %2: ответы по нему не даются.</translation>
    </message>
    <message>
        <source>warning: the OCSP signing certificate %1 of the CA %2 ends on %3 and has not been renewed (the command ocsp renew-signer; is the scheduled job running?)</source>
        <translation>предупреждение: срок свидетельства подписи OCSP %1 УЦ %2 истекает %3, а оно не обновлено (команда ocsp renew-signer; работает ли плановое задание?)</translation>
    </message>
    <message>
        <source>No answer is given for the CA %1: %2</source>
        <translation>Ответы по УЦ %1 не даются: %2</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::OcspSigning</name>
    <message>
        <source>The OCSP signing certificate is valid 1 to %1 days, not %2.</source>
        <translation>Регистрационное свидетельство подписи OCSP действует от 1 до %1 дней, а не %2.</translation>
    </message>
    <message>
        <source>Give either a new key file for the OCSP signer or an existing key, not both.</source>
        <translation>Укажите либо новый файл ключа подписанта OCSP, либо существующий ключ, но не оба.</translation>
    </message>
    <message>
        <source>The CA %1 has no certificate and key yet.</source>
        <translation>У УЦ %1 ещё нет регистрационного свидетельства и ключа.</translation>
    </message>
    <message>
        <source>The CA %1 has ceased operation.</source>
        <translation>УЦ %1 прекратил деятельность.</translation>
    </message>
    <message>
        <source>%1 already exists; a key file is never overwritten.</source>
        <translation>%1 уже существует; файл ключа никогда не перезаписывается.</translation>
    </message>
    <message>
        <source>The passphrase of the OCSP signing key needs at least 12 characters.</source>
        <translation>Парольная фраза ключа подписи OCSP должна содержать не менее 12 символов.</translation>
    </message>
    <message>
        <source>Renew within 0 to %1 days of the expiry (less than the validity), not %2.</source>
        <translation>Обновлять можно за 0–%1 дней до окончания срока (меньше срока действия), а не %2.</translation>
    </message>
    <message>
        <source>The serial number %1 is already used; try again.</source>
        <translation>Серийный номер %1 уже занят; повторите попытку.</translation>
    </message>
    <message>
        <source>The CA %1 has no OCSP signing certificate; an administrator sets one up (the command ocsp init-signer).</source>
        <translation>У УЦ %1 нет свидетельства подписи OCSP; администратор настраивает его (команда ocsp init-signer).</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::OcspStatus</name>
    <message>
        <source>Cannot open the register %1 for status lookups: %2</source>
        <translation>Не удаётся открыть реестр %1 для проверки статуса: %2</translation>
    </message>
    <message>
        <source>Cannot prepare the status lookup: %1</source>
        <translation>Не удаётся подготовить проверку статуса: %1</translation>
    </message>
    <message>
        <source>Status lookup failed: %1</source>
        <translation>Проверка статуса не удалась: %1</translation>
    </message>
    <message>
        <source>Internal error: a lookup-only register connection.</source>
        <translation>Внутренняя ошибка: подключение к реестру только для проверки статуса.</translation>
    </message>
    <message>
        <source>There is no register at %1: the OCSP responder serves an existing register (check the register address in its configuration).</source>
        <translation>По адресу %1 нет реестра: OCSP-ответчик обслуживает существующий реестр (проверьте адрес реестра в его настройках).</translation>
    </message>
    <message>
        <source>The OCSP signing certificate of the CA %1 cannot be read: %2</source>
        <translation>Свидетельство подписи OCSP УЦ %1 не читается: %2</translation>
    </message>
    <message>
        <source>The certificate %1 is not an OCSP signing certificate the register records as issued by the CA %2: it signs no answer.</source>
        <translation>Свидетельство %1 не записано в реестре как свидетельство подписи OCSP, выданное УЦ %2: оно не подписывает ответов.</translation>
    </message>
    <message>
        <source>The OCSP signing certificate %1 of the CA %2 is on hold since %3: it signs no answer.</source>
        <translation>Свидетельство подписи OCSP %1 УЦ %2 приостановлено с %3: оно не подписывает ответов.</translation>
    </message>
    <message>
        <source>The OCSP signing certificate %1 of the CA %2 was revoked on %3 (%4): it signs no answer.</source>
        <translation>Свидетельство подписи OCSP %1 УЦ %2 отозвано %3 (%4): оно не подписывает ответов.</translation>
    </message>
    <message>
        <source>The OCSP signing certificate %1 of the CA %2 is valid from %3 only: it signs no answer before then.</source>
        <translation>Свидетельство подписи OCSP %1 УЦ %2 действительно только с %3: до этого оно не подписывает ответов.</translation>
    </message>
    <message>
        <source>The OCSP signing certificate %1 of the CA %2 ended on %3: it signs no answer (the command ocsp renew-signer).</source>
        <translation>Срок свидетельства подписи OCSP %1 УЦ %2 истёк %3: оно не подписывает ответов (команда ocsp renew-signer).</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Operators</name>
    <message>
        <source>A login is 2 to 32 characters: lowercase Latin letters, digits, dot, dash or underscore, starting with a letter.</source>
        <translation>Логин — от 2 до 32 символов: строчные латинские буквы, цифры, точка, дефис или подчёркивание; первый символ — буква.</translation>
    </message>
    <message>
        <source>The operator&apos;s full name is required.</source>
        <translation>Необходимо указать ФИО оператора.</translation>
    </message>
    <message>
        <source>The password must have at least %1 characters.</source>
        <translation>Пароль должен содержать не менее %1 символов.</translation>
    </message>
    <message>
        <source>The password must not be the login.</source>
        <translation>Пароль не должен совпадать с логином.</translation>
    </message>
    <message>
        <source>An operator with the login %1 already exists.</source>
        <translation>Оператор с логином %1 уже существует.</translation>
    </message>
    <message>
        <source>The password could not be hashed.</source>
        <translation>Не удалось вычислить хеш пароля.</translation>
    </message>
    <message>
        <source>The register already has operators; an administrator must add new accounts.</source>
        <translation>В реестре уже есть операторы; новые учётные записи добавляет администратор.</translation>
    </message>
    <message>
        <source>Wrong login or password.</source>
        <translation>Неверный логин или пароль.</translation>
    </message>
    <message>
        <source>The account %1 is disabled.</source>
        <translation>Учётная запись %1 отключена.</translation>
    </message>
    <message>
        <source>You cannot disable your own account.</source>
        <translation>Нельзя отключить собственную учётную запись.</translation>
    </message>
    <message>
        <source>There is no operator with the login %1.</source>
        <translation>Оператора с логином %1 нет.</translation>
    </message>
    <message>
        <source>The account %1 is already disabled.</source>
        <translation>Учётная запись %1 уже отключена.</translation>
    </message>
    <message>
        <source>There is no operator number %1.</source>
        <translation>Оператора № %1 нет.</translation>
    </message>
    <message>
        <source>A login is locked after 3 to 100 failed sign-ins.</source>
        <translation>Логин блокируется после 3–100 неудачных входов.</translation>
    </message>
    <message>
        <source>The failed sign-in could not be counted.</source>
        <translation>Не удалось учесть неудачный вход.</translation>
    </message>
    <message>
        <source>Wrong login or password (and the failure could not be recorded: %1).</source>
        <translation>Неверный логин или пароль (и неудачу не удалось записать: %1).</translation>
    </message>
    <message>
        <source>Wrong login or password. After %1 failed sign-ins the login %2 is locked; an administrator must unlock it.</source>
        <translation>Неверный логин или пароль. После %1 неудачных входов логин %2 блокируется; разблокировать его должен администратор.</translation>
    </message>
    <message>
        <source>The login %1 is not locked and has no failed sign-ins.</source>
        <translation>Логин %1 не заблокирован и не имеет неудачных входов.</translation>
    </message>
    <message>
        <source>The account %1 has been disabled; its session has ended.</source>
        <translation>Учётная запись %1 отключена; её сеанс завершён.</translation>
    </message>
    <message>
        <source>Too many failed sign-ins for %1: try again in %2 seconds.</source>
        <translation>Слишком много неудачных входов для %1: повторите через %2 с.</translation>
    </message>
    <message>
        <source>The role of the account %1 has changed; its session has ended. Sign in again.</source>
        <translation>Роль учётной записи %1 изменилась; её сеанс завершён. Войдите снова.</translation>
    </message>
    <message>
        <source>The login %1 is locked after too many failed sign-ins; an administrator must unlock it (Settings → Operators → Unlock, or the command operator unlock %1).</source>
        <translation>Логин %1 заблокирован после слишком многих неудачных входов; администратор должен его разблокировать (Настройки → Операторы → Разблокировать или команда operator unlock %1).</translation>
    </message>
    <message>
        <source>The account %1 is disabled; its role cannot be changed.</source>
        <translation>Учётная запись %1 отключена; её роль нельзя изменить.</translation>
    </message>
    <message>
        <source>The account %1 already has the role %2.</source>
        <translation>У учётной записи %1 уже роль %2.</translation>
    </message>
    <message>
        <source>%1 is the last active administrator; make another operator an administrator first.</source>
        <translation>%1 — последний активный администратор; сначала назначьте администратором другого оператора.</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>ФИО</translation>
    </message>
    <message>
        <source>This password is among the first ones anyone guessing would try; choose another (a phrase of several words is easy to remember).</source>
        <translation>Этот пароль — из первых, которые пробует подбирающий; выберите другой (фразу из нескольких слов легко запомнить).</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::OutputFiles</name>
    <message>
        <source>No file name given.</source>
        <translation>Не указано имя файла.</translation>
    </message>
    <message>
        <source>The file %1 already exists; it is not replaced.</source>
        <translation>Файл %1 уже существует; он не заменяется.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>Не удаётся создать папку %1.</translation>
    </message>
    <message>
        <source>Cannot create %1: %2</source>
        <translation>Не удаётся создать %1: %2</translation>
    </message>
    <message>
        <source>Cannot write %1: %2 (%3)</source>
        <translation>Не удаётся записать %1: %2 (%3)</translation>
    </message>
    <message>
        <source>cannot restrict its permissions</source>
        <translation>не удаётся ограничить права доступа</translation>
    </message>
    <message>
        <source>write failed</source>
        <translation>ошибка записи</translation>
    </message>
    <message>
        <source>fsync failed</source>
        <translation>ошибка fsync</translation>
    </message>
    <message>
        <source>close failed</source>
        <translation>ошибка закрытия</translation>
    </message>
    <message>
        <source>The file %1 appeared meanwhile; it is not replaced.</source>
        <translation>Файл %1 появился тем временем; он не заменяется.</translation>
    </message>
    <message>
        <source>rename failed</source>
        <translation>ошибка переименования</translation>
    </message>
    <message>
        <source>Cannot make %1 readable by its owner only: %2</source>
        <translation>Не удалось сделать файл %1 доступным только владельцу: %2</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Не удалось записать %1: %2</translation>
    </message>
    <message>
        <source>%1 is a symbolic link: a document is never written through one (it would land where the link points). Choose another name.</source>
        <translation>%1 — символическая ссылка: документ никогда не записывается через неё (он оказался бы там, куда указывает ссылка). Выберите другое имя.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::PaperCopies</name>
    <message>
        <source>Give the numbers of the blank forms.</source>
        <translation>Укажите номера бланков.</translation>
    </message>
    <message>
        <source>The blank numbers are longer than %1 characters.</source>
        <translation>Номера бланков длиннее %1 символов.</translation>
    </message>
    <message>
        <source>Blank numbers hold digits, letters, spaces, &quot;,&quot;, &quot;-&quot;, &quot;/&quot; and &quot;№&quot; only: %1</source>
        <translation>Номера бланков содержат только цифры, буквы, пробелы, &quot;,&quot;, &quot;-&quot;, &quot;/&quot; и &quot;№&quot;: %1</translation>
    </message>
    <message>
        <source>The CA %1 has no certificate with the serial number %2.</source>
        <translation>У УЦ %1 нет регистрационного свидетельства с серийным номером %2.</translation>
    </message>
    <message>
        <source>The paper copy of %1 was already printed on the blanks %2.</source>
        <translation>Бумажная копия %1 уже напечатана на бланках %2.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Register</name>
    <message>
        <source>There is no register at %1 yet (creating a new register in the Tirkeu window, or the command db init --db %1, creates it).</source>
        <translation>По адресу %1 реестра ещё нет (его создаёт создание нового реестра в окне Tirkeu или команда db init --db %1).</translation>
    </message>
    <message>
        <source>There is no register in %1 yet (creating a new register in the Tirkeu window, or the command db init --db %1, creates it).</source>
        <translation>В %1 реестра ещё нет (его создаёт создание нового реестра в окне Tirkeu или команда db init --db %1).</translation>
    </message>
    <message>
        <source>The register says it was never upgraded to schema version %1, but its event log already binds those rows: its schema history was changed outside Tirkeu. Nothing was done; restore the register from a backup and check it with audit verify.</source>
        <translation>По данным реестра он никогда не обновлялся до версии схемы %1, но журнал событий уже связывает эти строки: история схемы изменена в обход Tirkeu. Ничего не сделано; восстановите реестр из резервной копии и проверьте его командой audit verify.</translation>
    </message>
    <message>
        <source>(an address no event records: the mark was written outside Tirkeu; run audit verify)</source>
        <translation>(адрес, не записанный ни одним событием: отметка записана в обход Tirkeu; запустите audit verify)</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Retention</name>
    <message>
        <source>Retention periods are whole years from 1 to 100.</source>
        <translation>Срок хранения — целое число лет от 1 до 100.</translation>
    </message>
    <message>
        <source>Name the archive folder.</source>
        <translation>Укажите папку архива.</translation>
    </message>
    <message>
        <source>Cannot create the archive folder %1.</source>
        <translation>Не удалось создать папку архива %1.</translation>
    </message>
    <message>
        <source>The archive %1 already exists.</source>
        <translation>Архив %1 уже существует.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Не удалось записать %1: %2</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>Не удалось записать %1.</translation>
    </message>
    <message>
        <source>The archive read back does not hold the expected records; nothing was deleted.</source>
        <translation>Повторно прочитанный архив не содержит ожидаемых записей; ничего не удалено.</translation>
    </message>
    <message>
        <source>The retention sweep was refused by the register; nothing was deleted. %1</source>
        <translation>Реестр отклонил удаление записей с истёкшим сроком хранения; ничего не удалено. %1</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Не удалось прочитать %1: %2</translation>
    </message>
    <message>
        <source>%1 is not a Tirkeu archive manifest.</source>
        <translation>%1 не является манифестом архива Tirkeu.</translation>
    </message>
    <message>
        <source>The archive %1 is damaged at line %2.</source>
        <translation>Архив %1 повреждён в строке %2.</translation>
    </message>
    <message>
        <source>The archive %1 does not match its manifest (SHA-256 differs).</source>
        <translation>Архив %1 не соответствует манифесту (SHA-256 не совпадает).</translation>
    </message>
    <message>
        <source>The archive %1 holds %2 %3 records; its manifest says %4.</source>
        <translation>В архиве %1 записей %3: %2; в манифесте указано: %4.</translation>
    </message>
    <message>
        <source>Retention periods are never shortened: the %1 CAs keep their records %2 years and the event log %3 years; %4 and %5 years would be shorter. Nothing was changed.</source>
        <translation>Сроки хранения никогда не сокращаются: УЦ вида %1 хранят записи %2 лет, а журнал событий %3 лет; %4 и %5 лет были бы короче. Ничего не изменено.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Roles</name>
    <message>
        <source>Sign in first.</source>
        <translation>Сначала войдите в систему.</translation>
    </message>
    <message>
        <source>%1 (%2) may not %3.</source>
        <translation>У пользователя %1 (%2) нет права %3.</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>оператор</translation>
    </message>
    <message>
        <source>CA officer</source>
        <translation>сотрудник УЦ</translation>
    </message>
    <message>
        <source>auditor</source>
        <translation>аудитор</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>администратор</translation>
    </message>
    <message>
        <source>view the register</source>
        <translation>просматривать реестр</translation>
    </message>
    <message>
        <source>register applications</source>
        <translation>регистрировать заявления</translation>
    </message>
    <message>
        <source>approve or reject applications</source>
        <translation>одобрять или отклонять заявления</translation>
    </message>
    <message>
        <source>mark applications done</source>
        <translation>отмечать исполнение заявлений</translation>
    </message>
    <message>
        <source>issue certificates</source>
        <translation>выдавать регистрационные свидетельства</translation>
    </message>
    <message>
        <source>revoke certificates</source>
        <translation>отзывать регистрационные свидетельства</translation>
    </message>
    <message>
        <source>publish CRLs</source>
        <translation>публиковать СОРС</translation>
    </message>
    <message>
        <source>view the event log</source>
        <translation>просматривать журнал событий</translation>
    </message>
    <message>
        <source>verify the event log</source>
        <translation>проверять журнал событий</translation>
    </message>
    <message>
        <source>manage operators</source>
        <translation>управлять операторами</translation>
    </message>
    <message>
        <source>manage CAs</source>
        <translation>управлять УЦ</translation>
    </message>
    <message>
        <source>edit the working-day calendar</source>
        <translation>изменять календарь рабочих дней</translation>
    </message>
    <message>
        <source>change retention periods</source>
        <translation>изменять сроки хранения</translation>
    </message>
    <message>
        <source>run the retention sweep</source>
        <translation>удалять записи с истёкшим сроком хранения</translation>
    </message>
    <message>
        <source>back up CA keys</source>
        <translation>создавать резервные копии ключей УЦ</translation>
    </message>
    <message>
        <source>back up, restore or move the register</source>
        <translation>создавать резервные копии, восстанавливать или переносить реестр</translation>
    </message>
    <message>
        <source>load a rules file</source>
        <translation>загружать файлы правил</translation>
    </message>
    <message>
        <source>set up the OCSP signing certificate</source>
        <translation>настраивать свидетельство подписи OCSP</translation>
    </message>
    <message>
        <source>queue or send notices to holders</source>
        <translation>ставить в очередь и отправлять уведомления владельцам</translation>
    </message>
    <message>
        <source>set up the event log&apos;s signing key</source>
        <translation>настраивать ключ подписи журнала событий</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Rules</name>
    <message>
        <source>The holder&apos;s password for the key file must have at least %1 characters.</source>
        <translation>Пароль владельца к файлу ключа должен содержать не менее %1 символов.</translation>
    </message>
    <message>
        <source>The CA key passphrase must have at least %1 characters.</source>
        <translation>Парольная фраза ключа УЦ должна содержать не менее %1 символов.</translation>
    </message>
    <message>
        <source>Application %1 is %2: only approved applications can be issued.</source>
        <translation>Заявление %1 в состоянии «%2»: выпускать можно только по одобренным заявлениям.</translation>
    </message>
    <message>
        <source>The holder %1 already has a valid certificate %2 at this CA: one key per holder; revoke it first.</source>
        <translation>У владельца %1 уже есть действующее регистрационное свидетельство %2 в этом УЦ: один ключ на владельца; сначала отзовите его.</translation>
    </message>
    <message>
        <source>Records of this CA must be kept at least %1 years after termination under %2 (rules %3); %4 years is below the legal minimum. Nothing was changed.</source>
        <translation>Записи этого УЦ должны храниться не менее %1 лет после прекращения деятельности согласно %2 (правила %3); %4 лет — меньше установленного законом минимума. Ничего не изменено.</translation>
    </message>
    <message>
        <source>The event log must be kept at least %1 year(s) after the certificate&apos;s expiry under %2 (Order No. 405/НҚ of 27.10.2020 of the Minister of Digital Development, Innovations and Aerospace Industry, rules for CA private keys; rules %3); nothing was changed.</source>
        <translation>Журнал событий должен храниться не менее %1 года после истечения срока действия регистрационного свидетельства согласно %2 (Приказ № 405/НҚ Министра цифрового развития, инноваций и аэрокосмической промышленности от 27.10.2020, правила в отношении закрытых ключей УЦ; правила %3); ничего не изменено.</translation>
    </message>
    <message>
        <source>A refusal needs a reason code.</source>
        <translation>Для отказа нужен код основания.</translation>
    </message>
    <message>
        <source>%1 is not a ground of refusal of this CA.</source>
        <translation>%1 не является основанием для отказа этого УЦ.</translation>
    </message>
    <message>
        <source>The grounds are: %1</source>
        <translation>Основания для отказа: %1</translation>
    </message>
    <message>
        <source>In person, with an identity document</source>
        <translation>Лично, по документу, удостоверяющему личность</translation>
    </message>
    <message>
        <source>Biometric identification at the registration centre (seed 001 §6(2))</source>
        <translation>Биометрическая идентификация в центре регистрации (seed 001 §6(2))</translation>
    </message>
    <message>
        <source>Remote multi-factor identification, one factor biometric (seed 001 §6(1))</source>
        <translation>Удалённая многофакторная идентификация, один из факторов — биометрический (seed 001 §6(1))</translation>
    </message>
    <message>
        <source>Unknown way of identifying the holder %1; known: %2.</source>
        <translation>Неизвестный способ идентификации владельца %1; известные: %2.</translation>
    </message>
    <message>
        <source>A CA key backup needs at least %1 of %2 shares (requirements for CA keys, %3; rules %4); %5 of %6 is refused.</source>
        <translation>Для резервной копии ключа УЦ нужно не менее %1 из %2 долей (требования к ключам УЦ, %3; правила %4); схема %5 из %6 не допускается.</translation>
    </message>
    <message>
        <source>Person %1 of the letter (%2) left the job or changed post: enter the day this happened (the body reports it within %3 days).</source>
        <translation>Лицо %1 из письма (%2) уволилось или переведено на другую должность: введите день, когда это произошло (орган сообщает об этом в течение %3 дней).</translation>
    </message>
    <message>
        <source>Person %1 of the letter (%2): the day the person left the job is not a date: %3</source>
        <translation>Лицо %1 из письма (%2): день увольнения — не дата: %3</translation>
    </message>
    <message>
        <source>Person %1 of the letter (%2): the day the person left the job (%3) is after the day the letter was received (%4).</source>
        <translation>Лицо %1 из письма (%2): день увольнения (%3) позже дня получения письма (%4).</translation>
    </message>
    <message>
        <source>The Government Bodies CA does not issue in a batch: its keys are generated onto the key media and the employee who receives the media is recorded (%1). Issue each person&apos;s certificate on its own.</source>
        <translation>УЦ государственных органов не выдаёт пакетом: его ключи создаются на ключевом носителе, а сотрудник, получающий носитель, записывается (%1). Выдавайте свидетельство каждого лица отдельно.</translation>
    </message>
    <message>
        <source>The Government Bodies CA records the serial number of the key media: enter it.</source>
        <translation>УЦ государственных органов записывает серийный номер ключевого носителя: введите его.</translation>
    </message>
    <message>
        <source>The Government Bodies CA generates the holder&apos;s key onto the key media (%1); the rules in force (%2) do not allow issuing from a request made outside the CA.</source>
        <translation>УЦ государственных органов создаёт ключ владельца на ключевом носителе (%1); действующие правила (%2) не позволяют выдавать по запросу, созданному вне УЦ.</translation>
    </message>
    <message>
        <source>The Government Bodies CA generates the holder&apos;s key onto the key media (%1): issuing from a request made outside the CA needs the reason, which is recorded.</source>
        <translation>УЦ государственных органов создаёт ключ владельца на ключевом носителе (%1): для выдачи по запросу, созданному вне УЦ, нужна причина, она записывается.</translation>
    </message>
    <message>
        <source>The Government Bodies CA hands the key media only to the employee named in the body&apos;s internal order (Order 348, App. 2, cl. 10): enter the employee&apos;s name and position and the order&apos;s number and date.</source>
        <translation>УЦ государственных органов передаёт ключевой носитель только сотруднику, названному во внутреннем приказе органа (Приказ 348, прил. 2, п. 10): введите ФИО и должность сотрудника, номер и дату приказа.</translation>
    </message>
    <message>
        <source>person %1 of the letter, &quot;%2&quot;</source>
        <translation>лицо %1 из письма, «%2»</translation>
    </message>
    <message>
        <source>%1: %2 is after the day the application was received (%3). Check the date.</source>
        <translation>%1: %2 — позже дня поступления заявления (%3). Проверьте дату.</translation>
    </message>
    <message>
        <source>%1: %2 is before 7 January 2003, when the Law on the electronic document and electronic digital signature came into force. Check the date.</source>
        <translation>%1: %2 — раньше 7 января 2003 года, когда вступил в силу Закон «Об электронном документе и электронной цифровой подписи». Проверьте дату.</translation>
    </message>
    <message>
        <source>Reason for a request made outside the CA</source>
        <translation>Причина запроса, сделанного вне УЦ</translation>
    </message>
    <message>
        <source>Recipient&apos;s name</source>
        <translation>ФИО получателя</translation>
    </message>
    <message>
        <source>Recipient&apos;s position</source>
        <translation>Должность получателя</translation>
    </message>
    <message>
        <source>Internal order number</source>
        <translation>Номер внутреннего приказа</translation>
    </message>
    <message>
        <source>The holder %1 has the certificate %2 at this CA on hold, and a release would make it valid again: one key per holder. Revoke it for good first, or release it instead.</source>
        <translation>Свидетельство %2 владельца %1 в этом УЦ приостановлено, а снятие приостановления снова сделает его действительным: один ключ на владельца. Сначала отзовите его окончательно или вместо нового снимите с него приостановление.</translation>
    </message>
    <message>
        <source>The internal order is dated %1: an order handing over the key media is dated between 2003 and today.</source>
        <translation>Внутренний приказ датирован %1: приказ о передаче ключевого носителя датируется между 2003 годом и сегодняшним днём.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::RulesBook</name>
    <message>
        <source>The rules file is not valid: %1: %2</source>
        <translation>Файл правил некорректен: %1: %2</translation>
    </message>
    <message>
        <source>an object is required</source>
        <translation>требуется объект</translation>
    </message>
    <message>
        <source>a non-empty text is required</source>
        <translation>требуется непустой текст</translation>
    </message>
    <message>
        <source>a whole number is required</source>
        <translation>требуется целое число</translation>
    </message>
    <message>
        <source>%1 is below the smallest allowed value %2</source>
        <translation>%1 меньше наименьшего допустимого значения %2</translation>
    </message>
    <message>
        <source>%1 is below the legal minimum %2 (%3)</source>
        <translation>%1 меньше установленного законом минимума %2 (%3)</translation>
    </message>
    <message>
        <source>%1 is above the largest allowed value %2</source>
        <translation>%1 больше наибольшего допустимого значения %2</translation>
    </message>
    <message>
        <source>unknown form or action %1</source>
        <translation>неизвестная форма или действие %1</translation>
    </message>
    <message>
        <source>use &quot;working&quot; or &quot;calendar&quot;</source>
        <translation>используйте «working» или «calendar»</translation>
    </message>
    <message>
        <source>the deadline %1 is missing</source>
        <translation>отсутствует срок %1</translation>
    </message>
    <message>
        <source>records are kept at least %1 years after termination</source>
        <translation>записи хранятся не менее %1 лет после прекращения деятельности</translation>
    </message>
    <message>
        <source>the event log is kept at least 1 year after the certificate&apos;s expiry</source>
        <translation>журнал событий хранится не менее 1 года после истечения срока действия регистрационного свидетельства</translation>
    </message>
    <message>
        <source>%1 is not a form that issues certificates</source>
        <translation>%1 — не форма выдачи регистрационных свидетельств</translation>
    </message>
    <message>
        <source>the validity of %1 is missing</source>
        <translation>отсутствует срок действия для %1</translation>
    </message>
    <message>
        <source>unknown form %1</source>
        <translation>неизвестная форма %1</translation>
    </message>
    <message>
        <source>an object with a &quot;required&quot; list is required</source>
        <translation>требуется объект со списком «required»</translation>
    </message>
    <message>
        <source>the form %1 has no attachment &quot;%2&quot;</source>
        <translation>в форме %1 нет приложения «%2»</translation>
    </message>
    <message>
        <source>a non-empty list of refusal reasons is required</source>
        <translation>требуется непустой список оснований для отказа</translation>
    </message>
    <message>
        <source>%1 is not a code (capital letters and digits in parts joined by -, as NCA-DOCS-MISSING)</source>
        <translation>%1 — не код (заглавные буквы и цифры, части соединены через -, например NCA-DOCS-MISSING)</translation>
    </message>
    <message>
        <source>%1 is listed twice</source>
        <translation>%1 указан дважды</translation>
    </message>
    <message>
        <source>the key backup is split at least 3 of 5</source>
        <translation>резервная копия ключа разделяется не менее чем по схеме «3 из 5»</translation>
    </message>
    <message>
        <source>the threshold %1 is more than the %2 shares</source>
        <translation>порог %1 больше числа долей %2</translation>
    </message>
    <message>
        <source>%1 is not a date (yyyy-MM-dd) between 2000 and 2100</source>
        <translation>%1 — не дата (yyyy-MM-dd) в диапазоне от 2000 до 2100 года</translation>
    </message>
    <message>
        <source>name the legal acts the rules follow</source>
        <translation>укажите правовые акты, на которых основаны правила</translation>
    </message>
    <message>
        <source>The rules file is not valid JSON: %1 (at byte %2).</source>
        <translation>Файл правил не является корректным JSON: %1 (байт %2).</translation>
    </message>
    <message>
        <source>The rules file is not valid: a JSON object is required.</source>
        <translation>Файл правил некорректен: требуется объект JSON.</translation>
    </message>
    <message>
        <source>The rules file is not valid: file.format is %1, not tirkeu-rules.</source>
        <translation>Файл правил некорректен: file.format равно %1, а не tirkeu-rules.</translation>
    </message>
    <message>
        <source>The rules file is not valid: file.version %1 must be 1 to 64 letters, digits, dots, dashes or underscores.</source>
        <translation>Файл правил некорректен: file.version %1 должно содержать от 1 до 64 букв, цифр, точек, дефисов или подчёркиваний.</translation>
    </message>
    <message>
        <source>The rules file is not valid: file.editions: at least one edition is required.</source>
        <translation>Файл правил некорректен: file.editions: требуется хотя бы одна редакция.</translation>
    </message>
    <message>
        <source>The rules file is not valid: %1.effective_from %2 must come after the previous edition&apos;s %3.</source>
        <translation>Файл правил некорректен: %1.effective_from %2 должно быть позже значения %3 предыдущей редакции.</translation>
    </message>
    <message>
        <source>%1 (Order No. 348 of 10.12.2010 of the Minister of Communications and Information, rules of the CAs)</source>
        <translation>%1 (Приказ № 348 Министра связи и информации от 10.12.2010, правила УЦ)</translation>
    </message>
    <message>
        <source>The rules file stored in the register cannot be read: %1</source>
        <translation>Не удалось прочитать файл правил, хранящийся в реестре: %1</translation>
    </message>
    <message>
        <source>The register holds no rules edition %1.</source>
        <translation>В реестре нет редакции правил %1.</translation>
    </message>
    <message>
        <source>A rules file of version %1 was already loaded: records refer to it by that version, so a changed file needs a new version. Nothing was changed.</source>
        <translation>Файл правил версии %1 уже загружен: записи ссылаются на него по этой версии, поэтому изменённому файлу нужна новая версия. Ничего не изменено.</translation>
    </message>
    <message>
        <source>true or false is required</source>
        <translation>требуется true или false</translation>
    </message>
    <message>
        <source>The rules file is not valid: %1 is given twice.</source>
        <translation>Файл правил некорректен: %1 указан дважды.</translation>
    </message>
    <message>
        <source>The rules file starts with a byte order mark (EF BB BF): save it as UTF-8 without a byte order mark and load it again.</source>
        <translation>Файл правил начинается с метки порядка байтов (EF BB BF): сохраните его в UTF-8 без метки порядка байтов и загрузите снова.</translation>
    </message>
    <message>
        <source>The rules file is not valid UTF-8 text.</source>
        <translation>Файл правил не является корректным текстом UTF-8.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Schema</name>
    <message>
        <source>This register was written by a newer Tirkeu (schema version %1); this program knows versions up to %2. Install the newer Tirkeu to open it.</source>
        <translation>Этот реестр создан более новой версией Tirkeu (версия схемы %1); эта программа поддерживает версии до %2. Чтобы открыть его, установите более новую версию Tirkeu.</translation>
    </message>
    <message>
        <source>Upgrading the register to schema version %1 failed: %2</source>
        <translation>Не удалось обновить реестр до версии схемы %1: %2</translation>
    </message>
    <message>
        <source>An application role exists only on a PostgreSQL register.</source>
        <translation>Роль приложения существует только в реестре PostgreSQL.</translation>
    </message>
    <message>
        <source>%1 is not a plain PostgreSQL role name (lower-case letters, digits, _).</source>
        <translation>%1 — не простое имя роли PostgreSQL (строчные буквы, цифры, _).</translation>
    </message>
    <message>
        <source>The application role must not be the schema owner %1 that runs db init.</source>
        <translation>Роль приложения не должна быть владельцем схемы %1, который запускает db init.</translation>
    </message>
    <message>
        <source>There is no PostgreSQL role %1; a database administrator creates it (CREATE ROLE %1 LOGIN PASSWORD ...).</source>
        <translation>Роли PostgreSQL %1 нет; её создаёт администратор базы данных (CREATE ROLE %1 LOGIN PASSWORD ...).</translation>
    </message>
    <message>
        <source>This register has schema version %1 and needs to be upgraded to %2 (opening it in the Tirkeu window, or the command db init, upgrades it).</source>
        <translation>У этого реестра версия схемы %1, его нужно обновить до %2 (обновляет открытие в окне Tirkeu или команда db init).</translation>
    </message>
    <message>
        <source>This register lacks schema migration %1 and needs to be upgraded (opening it in the Tirkeu window, or the command db init, upgrades it).</source>
        <translation>В этом реестре нет миграции схемы %1, его нужно обновить (обновляет открытие в окне Tirkeu или команда db init).</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::SchemaCheck</name>
    <message>
        <source>the trigger %1 of the table %2 is missing</source>
        <translation>триггер %1 таблицы %2 отсутствует</translation>
    </message>
    <message>
        <source>the trigger %1 of the table %2 was changed</source>
        <translation>триггер %1 таблицы %2 изменён</translation>
    </message>
    <message>
        <source>a trigger %1 of the table %2 was added</source>
        <translation>в таблицу %2 добавлен триггер %1</translation>
    </message>
    <message>
        <source>%1 missing</source>
        <translation>%1 отсутствует</translation>
    </message>
    <message>
        <source>%1 changed</source>
        <translation>%1 изменён</translation>
    </message>
    <message>
        <source>%1 added</source>
        <translation>%1 добавлен</translation>
    </message>
    <message>
        <source>the trigger %1 of the table %2 is disabled</source>
        <translation>триггер %1 таблицы %2 отключён</translation>
    </message>
    <message>
        <source>Cannot create a temporary folder.</source>
        <translation>Не удалось создать временную папку.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::SchemaPg</name>
    <message>
        <source>Schema version %1 cannot be applied to a PostgreSQL register: %2</source>
        <translation>Версию схемы %1 нельзя применить к реестру PostgreSQL: %2</translation>
    </message>
    <message>
        <source>it contains a trigger that has no PostgreSQL version (registry/SchemaPg.h)</source>
        <translation>она содержит триггер, для которого нет варианта для PostgreSQL (registry/SchemaPg.h)</translation>
    </message>
    <message>
        <source>it uses %1, which exists only on SQLite</source>
        <translation>в ней используется %1 — конструкция, имеющаяся только в SQLite</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Search</name>
    <message>
        <source>Type an IIN, a BIN, a serial number or a name to search for.</source>
        <translation>Введите для поиска ИИН, БИН, серийный номер или ФИО.</translation>
    </message>
    <message>
        <source>%1 is neither a valid IIN nor a valid BIN: %2</source>
        <translation>%1 не является ни корректным ИИН, ни корректным БИН: %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a certificate serial number (hexadecimal digits, colons allowed).</source>
        <translation>«%1» не является серийным номером регистрационного свидетельства (шестнадцатеричные цифры, допускаются двоеточия).</translation>
    </message>
    <message>
        <source>The number of days must be between 1 and %1.</source>
        <translation>Число дней должно быть от 1 до %1.</translation>
    </message>
    <message>
        <source>Name the subject whose events to show.</source>
        <translation>Укажите объект, события по которому нужно показать.</translation>
    </message>
    <message>
        <source>The page to continue from does not belong to this search.</source>
        <translation>Страница, с которой нужно продолжить, не относится к этому поиску.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::SmtpSender</name>
    <message>
        <source>The SMTP server must be given as smtp://HOST:PORT or smtps://HOST:PORT, not %1.</source>
        <translation>Сервер SMTP задаётся как smtp://HOST:PORT или smtps://HOST:PORT, а не %1.</translation>
    </message>
    <message>
        <source>%1 is not a usable sender address.</source>
        <translation>%1 — непригодный адрес отправителя.</translation>
    </message>
    <message>
        <source>%1 is not a usable e-mail address.</source>
        <translation>%1 — непригодный адрес электронной почты.</translation>
    </message>
    <message>
        <source>The SMTP client could not be started.</source>
        <translation>Не удалось запустить клиент SMTP.</translation>
    </message>
    <message>
        <source>The e-mail to %1 was not sent: %2</source>
        <translation>Письмо на адрес %1 не отправлено: %2</translation>
    </message>
    <message>
        <source>Give the mail server&apos;s login separately (a user and a password file), not in its address %1: an address can be read by every user of the machine, and a login is only sent over TLS.</source>
        <translation>Укажите учётные данные почтового сервера отдельно (пользователь и файл с паролем), а не в его адресе %1: адрес могут прочитать все пользователи компьютера, а учётные данные передаются только по TLS.</translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::WorkingCalendar</name>
    <message>
        <source>New Year</source>
        <translation>Новый год</translation>
    </message>
    <message>
        <source>International Women&apos;s Day</source>
        <translation>Международный женский день</translation>
    </message>
    <message>
        <source>Constitution Day</source>
        <translation>День Конституции</translation>
    </message>
    <message>
        <source>Nauryz meiramy</source>
        <translation>Наурыз мейрамы</translation>
    </message>
    <message>
        <source>Kazakhstan People&apos;s Unity Day</source>
        <translation>Праздник единства народа Казахстана</translation>
    </message>
    <message>
        <source>Defender of the Fatherland Day</source>
        <translation>День защитника Отечества</translation>
    </message>
    <message>
        <source>Victory Day</source>
        <translation>День Победы</translation>
    </message>
    <message>
        <source>Capital City Day</source>
        <translation>День Столицы</translation>
    </message>
    <message>
        <source>Republic Day</source>
        <translation>День Республики</translation>
    </message>
    <message>
        <source>Independence Day</source>
        <translation>День Независимости</translation>
    </message>
    <message>
        <source>Orthodox Christmas</source>
        <translation>Православное Рождество</translation>
    </message>
    <message>
        <source>Kurban Ait</source>
        <translation>Курбан айт</translation>
    </message>
    <message>
        <source>Working day by decree</source>
        <translation>Рабочий день по постановлению</translation>
    </message>
    <message>
        <source>Day off by decree</source>
        <translation>Выходной день по постановлению</translation>
    </message>
    <message>
        <source>Day off by government decree (worked on %1)</source>
        <extracomment>%1: the Sunday (dd.MM.yyyy) worked in exchange</extracomment>
        <translation>Выходной день по постановлению Правительства (отработка %1)</translation>
    </message>
    <message>
        <source>Working day by government decree (for %1)</source>
        <extracomment>%1: the day off (dd.MM.yyyy) this working Sunday pays for</extracomment>
        <translation>Рабочий день по постановлению Правительства (за %1)</translation>
    </message>
    <message>
        <source>%1 (moved from %2)</source>
        <extracomment>name of a day off received from a holiday on a weekend; %1: holiday name, %2: its date (dd.MM.yyyy)</extracomment>
        <translation>%1 (перенос с %2)</translation>
    </message>
</context>
<context>
    <name>tirkeu::reports::CertificatePrint</name>
    <message>
        <source>The stored certificate %1 cannot be read: %2</source>
        <translation>Не удалось прочитать сохранённое регистрационное свидетельство %1: %2</translation>
    </message>
</context>
<context>
    <name>tirkeu::reports::CsvRenderer</name>
    <message>
        <source>Cannot write the CSV file: %1</source>
        <translation>Не удалось записать файл CSV: %1</translation>
    </message>
    <message>
        <source>The CSV separator is ; , or a tab, not %1.</source>
        <translation>Разделитель CSV — ; , или табуляция, а не %1.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Не удаётся записать %1: %2</translation>
    </message>
</context>
<context>
    <name>tirkeu::reports::PdfFonts</name>
    <message>
        <source>Printing needs the graphical part of Qt (a QGuiApplication).</source>
        <translation>Для печати нужна графическая часть Qt (QGuiApplication).</translation>
    </message>
    <message>
        <source>The font DejaVu Sans was not found in %1 (install the package fonts-dejavu-core): it is embedded in every printed document.</source>
        <translation>Шрифт DejaVu Sans не найден в %1 (установите пакет fonts-dejavu-core): он встраивается в каждый печатаемый документ.</translation>
    </message>
</context>
<context>
    <name>tirkeu::reports::PdfRenderer</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Не удалось записать %1: %2</translation>
    </message>
    <message>
        <source>A table needs columns.</source>
        <translation>Для таблицы нужны столбцы.</translation>
    </message>
    <message>
        <source>Cannot start the PDF document.</source>
        <translation>Не удалось создать документ PDF.</translation>
    </message>
    <message>
        <source>The rows changed while the document was printed; print it again.</source>
        <translation>Строки изменились во время печати документа; напечатайте его ещё раз.</translation>
    </message>
    <message>
        <source>Cannot write the PDF document: %1</source>
        <translation>Не удаётся записать документ PDF: %1</translation>
    </message>
    <message>
        <source>Cancelled: nothing was saved.</source>
        <translation>Отменено: ничего не сохранено.</translation>
    </message>
</context>
<context>
    <name>tirkeu::reports::Reports</name>
    <message>
        <source>Issuance journal (Government Bodies CA)</source>
        <translation>Журнал выдачи (УЦ государственных органов)</translation>
    </message>
    <message>
        <source>Revocation journal (Government Bodies CA)</source>
        <translation>Журнал отзыва (УЦ государственных органов)</translation>
    </message>
    <message>
        <source>Register extract</source>
        <translation>Выписка из реестра</translation>
    </message>
    <message>
        <source>Revoked certificates (CRL listing)</source>
        <translation>Отозванные регистрационные свидетельства (содержимое СОРС)</translation>
    </message>
    <message>
        <source>Open applications and deadlines</source>
        <translation>Заявления в работе и сроки</translation>
    </message>
    <message>
        <source>Certificates expiring soon</source>
        <translation>Регистрационные свидетельства с истекающим сроком действия</translation>
    </message>
    <message>
        <source>Audit chain anchors</source>
        <translation>Контрольные точки хеш-цепочки журнала событий</translation>
    </message>
</context>
</TS>
