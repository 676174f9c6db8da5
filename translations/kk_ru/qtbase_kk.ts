<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Kazakh translations of the Qt strings the application shows (standard dialog buttons, message
     box details, text editing menus, the file dialog, the print, page set-up and print preview dialogs,
     scroll bars). Debian ships qtbase_ru.qm but no qtbase_kk.qm, so these are written by hand with Qt's
     own contexts and source texts (Qt 6.4); compiled into :/i18n/qtbase_kk.qm and installed next to
     tirkeu_kk.qm by registry/Language. Not touched by lupdate. Paper names (A4, Letter, Envelope C5)
     stay as Qt writes them, as in qtbase_ru. -->
<TS version="2.1" language="kk_KZ" sourcelanguage="en">
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>Жарайды</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Иә</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Жоқ</translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation>&amp;Барлығына иә</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>Барлығына ж&amp;оқ</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сақтау</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>Барлығын сақтау</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ашу</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Жабу</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Бас тарту</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Сақтамау</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Қолдану</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Қайта орнату</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>Әдепкі мәндер</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Анықтама</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>Тоқтату</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Қайталау</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Елемеу</translation>
    </message>
</context>
<context>
    <name>QDialogButtonBox</name>
    <message>
        <source>OK</source>
        <translation>Жарайды</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Show Details...</source>
        <translation>Толығырақ...</translation>
    </message>
    <message>
        <source>Hide Details...</source>
        <translation>Толығырақты жасыру...</translation>
    </message>
    <message>
        <source>About Qt</source>
        <translation>Qt туралы</translation>
    </message>
    <message>
        <source>&lt;h3&gt;About Qt&lt;/h3&gt;&lt;p&gt;This program uses Qt version %1.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Qt туралы&lt;/h3&gt;&lt;p&gt;Бұл бағдарлама Qt %1 нұсқасын пайдаланады.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>QInputDialog</name>
    <message>
        <source>Enter a value:</source>
        <translation>Мәнді енгізіңіз:</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Болдырмау</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Қайталау</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Қию</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Көшіру</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Кірістіру</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Жою</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Барлығын белгілеу</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Болдырмау</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Қайталау</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Қию</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Көшіру</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Кірістіру</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Жою</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Барлығын белгілеу</translation>
    </message>
    <message>
        <source>Copy &amp;Link Location</source>
        <translation>Сілтеме &amp;мекенжайын көшіру</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>Back</source>
        <translation>Артқа</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ашу</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Ашу</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Сақтау</translation>
    </message>
    <message>
        <source>Alias</source>
        <translation>Бүркеншік ат</translation>
    </message>
    <message>
        <source>Drive</source>
        <translation>Диск</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Файлдар</translation>
    </message>
    <message>
        <source>Show </source>
        <translation>Көрсету </translation>
    </message>
    <message>
        <source>&apos;%1&apos; is write protected.
Do you want to delete it anyway?</source>
        <translation>«%1» жазудан қорғалған.
Бәрібір жою керек пе?</translation>
    </message>
    <message>
        <source>Are you sure you want to delete &apos;%1&apos;?</source>
        <translation>«%1» шынымен жойылсын ба?</translation>
    </message>
    <message>
        <source>List of places and bookmarks</source>
        <translation>Орындар мен бетбелгілер тізімі</translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation>Файл &amp;аты:</translation>
    </message>
    <message>
        <source>File Folder</source>
        <translation>Файлдар бумасы</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Жою</translation>
    </message>
    <message>
        <source>New Folder</source>
        <translation>Жаңа бума</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Бума</translation>
    </message>
    <message>
        <source>Parent Directory</source>
        <translation>Жоғарғы бума</translation>
    </message>
    <message>
        <source>&amp;New Folder</source>
        <translation>&amp;Жаңа бума</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Алып тастау</translation>
    </message>
    <message>
        <source>My Computer</source>
        <translation>Менің компьютерім</translation>
    </message>
    <message>
        <source>Look in:</source>
        <translation>Қарау орны:</translation>
    </message>
    <message>
        <source>Create a New Folder</source>
        <translation>Жаңа бума жасау</translation>
    </message>
    <message>
        <source>%1 File</source>
        <translation>%1 файлы</translation>
    </message>
    <message>
        <source>Files of type:</source>
        <translation>Файл түрі:</translation>
    </message>
    <message>
        <source>Find Directory</source>
        <translation>Буманы табу</translation>
    </message>
    <message>
        <source>Show &amp;hidden files</source>
        <translation>Жасырын &amp;файлдарды көрсету</translation>
    </message>
    <message>
        <source>Save As</source>
        <translation>Басқаша сақтау</translation>
    </message>
    <message>
        <source>%1
Directory not found.
Please verify the correct directory name was given.</source>
        <translation>%1
Бума табылмады.
Бума атауының дұрыс берілгенін тексеріңіз.</translation>
    </message>
    <message>
        <source>Sidebar</source>
        <translation>Бүйірлік панель</translation>
    </message>
    <message>
        <source>List View</source>
        <translation>Тізім</translation>
    </message>
    <message>
        <source>&amp;Choose</source>
        <translation>&amp;Таңдау</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Жою</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Барлық файлдар (*)</translation>
    </message>
    <message>
        <source>All Files (*)</source>
        <translation>Барлық файлдар (*)</translation>
    </message>
    <message>
        <source>Directories</source>
        <translation>Бумалар</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>&amp;Атын өзгерту</translation>
    </message>
    <message>
        <source>Could not delete directory.</source>
        <translation>Буманы жою мүмкін болмады.</translation>
    </message>
    <message>
        <source>Directory:</source>
        <translation>Бума:</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Белгісіз</translation>
    </message>
    <message>
        <source>%1 already exists.
Do you want to replace it?</source>
        <translation>%1 бұрыннан бар.
Оны ауыстыру керек пе?</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Алға</translation>
    </message>
    <message>
        <source>Go forward</source>
        <translation>Алға өту</translation>
    </message>
    <message>
        <source>Go to the parent directory</source>
        <translation>Жоғарғы бумаға өту</translation>
    </message>
    <message>
        <source>Recent Places</source>
        <translation>Соңғы орындар</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>Артқа өту</translation>
    </message>
    <message>
        <source>Change to detail view mode</source>
        <translation>Толық көрініс режиміне ауысу</translation>
    </message>
    <message>
        <source>Create New Folder</source>
        <translation>Жаңа бума жасау</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Жарлық</translation>
    </message>
    <message>
        <source>Detail View</source>
        <translation>Толық көрініс</translation>
    </message>
    <message>
        <source>%1
File not found.
Please verify the correct file name was given.</source>
        <translation>%1
Файл табылмады.
Файл атауының дұрыс берілгенін тексеріңіз.</translation>
    </message>
    <message>
        <source>Change to list view mode</source>
        <translation>Тізім режиміне ауысу</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <source>Kind</source>
        <translation>Түрі</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Аты</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Өлшемі</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Түрі</translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation>Өзгертілген күні</translation>
    </message>
    <message>
        <source>My Computer</source>
        <translation>Менің компьютерім</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>Компьютер</translation>
    </message>
    <message>
        <source>Invalid filename</source>
        <translation>Жарамсыз файл аты</translation>
    </message>
    <message>
        <source>&lt;b&gt;The name &quot;%1&quot; cannot be used.&lt;/b&gt;&lt;p&gt;Try using another name, with fewer characters or no punctuation marks.</source>
        <translation>&lt;b&gt;«%1» атауын қолдануға болмайды.&lt;/b&gt;&lt;p&gt;Қысқарақ немесе тыныс белгілерісіз басқа атау қолданып көріңіз.</translation>
    </message>
</context>
<context>
    <name>QDirModel</name>
    <message>
        <source>Kind</source>
        <translation>Түрі</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Аты</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Өлшемі</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Түрі</translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation>Өзгертілген күні</translation>
    </message>
</context>
<context>
    <name>QPageSetupWidget</name>
    <message>
        <source>in</source>
        <translation>дюйм</translation>
    </message>
    <message>
        <source>mm</source>
        <translation>мм</translation>
    </message>
    <message>
        <source>pt</source>
        <translation>пт</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Пішін</translation>
    </message>
    <message>
        <source>bottom margin</source>
        <translation>төменгі шет</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>Қағаз</translation>
    </message>
    <message>
        <source>Paper source:</source>
        <translation>Қағаз көзі:</translation>
    </message>
    <message>
        <source>right margin</source>
        <translation>оң жақ шет</translation>
    </message>
    <message>
        <source>Pica (P̸)</source>
        <translation>Пика (P̸)</translation>
    </message>
    <message>
        <source>Margins</source>
        <translation>Шеттер</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Таңдамалы</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>Альбомдық</translation>
    </message>
    <message>
        <source>Page Layout</source>
        <translation>Бет орналасуы</translation>
    </message>
    <message>
        <source>Width:</source>
        <translation>Ені:</translation>
    </message>
    <message>
        <source>Orientation</source>
        <translation>Бағдары</translation>
    </message>
    <message>
        <source>Didot (DD)</source>
        <translation>Дидо (DD)</translation>
    </message>
    <message>
        <source>Portrait</source>
        <translation>Кітаптық</translation>
    </message>
    <message>
        <source>Page order:</source>
        <translation>Беттер реті:</translation>
    </message>
    <message>
        <source>top margin</source>
        <translation>жоғарғы шет</translation>
    </message>
    <message>
        <source>left margin</source>
        <translation>сол жақ шет</translation>
    </message>
    <message>
        <source>Page size:</source>
        <translation>Бет өлшемі:</translation>
    </message>
    <message>
        <source>Cicero (CC)</source>
        <translation>Цицеро (CC)</translation>
    </message>
    <message>
        <source>Reverse portrait</source>
        <translation>Төңкерілген кітаптық</translation>
    </message>
    <message>
        <source>Millimeters (mm)</source>
        <translation>Миллиметр (мм)</translation>
    </message>
    <message>
        <source>Points (pt)</source>
        <translation>Пункт (пт)</translation>
    </message>
    <message>
        <source>Pages per sheet:</source>
        <translation>Бір парақтағы беттер:</translation>
    </message>
    <message>
        <source>Inches (in)</source>
        <translation>Дюйм (дюйм)</translation>
    </message>
    <message>
        <source>Reverse landscape</source>
        <translation>Төңкерілген альбомдық</translation>
    </message>
    <message>
        <source>Height:</source>
        <translation>Биіктігі:</translation>
    </message>
</context>
<context>
    <name>QPrintDialog</name>
    <message>
        <source>OK</source>
        <translation>Жарайды</translation>
    </message>
    <message>
        <source>Even Pages</source>
        <translation>Жұп беттер</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Басып шығару</translation>
    </message>
    <message>
        <source>&amp;Options &lt;&lt;</source>
        <translation>&amp;Параметрлер &lt;&lt;</translation>
    </message>
    <message>
        <source>&amp;Options &gt;&gt;</source>
        <translation>&amp;Параметрлер &gt;&gt;</translation>
    </message>
    <message>
        <source>Left to Right, Top to Bottom</source>
        <translation>Солдан оңға, жоғарыдан төменге</translation>
    </message>
    <message>
        <source>Right to Left, Bottom to Top</source>
        <translation>Оңнан солға, төменнен жоғарыға</translation>
    </message>
    <message>
        <source>Write PDF file</source>
        <translation>PDF файлын жазу</translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation>&amp;Басып шығару</translation>
    </message>
    <message>
        <source>Options &apos;Pages Per Sheet&apos; and &apos;Page Set&apos; cannot be used together.
Please turn one of those options off.</source>
        <translation>«Бір парақтағы беттер» және «Беттер жиыны» параметрлерін бірге қолдануға болмайды.
Олардың біреуін өшіріңіз.</translation>
    </message>
    <message>
        <source>%1 already exists.
Do you want to overwrite it?</source>
        <translation>%1 бұрыннан бар.
Оны қайта жазу керек пе?</translation>
    </message>
    <message>
        <source>Left to Right, Bottom to Top</source>
        <translation>Солдан оңға, төменнен жоғарыға</translation>
    </message>
    <message>
        <source>Odd Pages</source>
        <translation>Тақ беттер</translation>
    </message>
    <message>
        <source>Local file</source>
        <translation>Жергілікті файл</translation>
    </message>
    <message>
        <source>There are conflicts in duplex settings. Do you want to fix them?</source>
        <translation>Екі жақты басып шығару баптауларында қайшылықтар бар. Оларды түзету керек пе?</translation>
    </message>
    <message>
        <source>Print to File (PDF)</source>
        <translation>Файлға басып шығару (PDF)</translation>
    </message>
    <message>
        <source>Print To File ...</source>
        <translation>Файлға басып шығару ...</translation>
    </message>
    <message>
        <source>Invalid Pages Definition</source>
        <translation>Беттер қате көрсетілген</translation>
    </message>
    <message>
        <source>%1 does not follow the correct syntax. Please use &apos;,&apos; to separate ranges and pages, &apos;-&apos; to define ranges and make sure ranges do not intersect with each other.</source>
        <translation>%1 дұрыс жазылмаған. Беттер мен ауқымдарды «,» арқылы бөліңіз, ауқымды «-» арқылы көрсетіңіз; ауқымдар бір-бірімен қиылыспауы керек.</translation>
    </message>
    <message>
        <source>Right to Left, Top to Bottom</source>
        <translation>Оңнан солға, жоғарыдан төменге</translation>
    </message>
    <message>
        <source>Bottom to Top, Left to Right</source>
        <translation>Төменнен жоғарыға, солдан оңға</translation>
    </message>
    <message>
        <source>The &apos;From&apos; value cannot be greater than the &apos;To&apos; value.</source>
        <translation>Бастапқы бет соңғы беттен үлкен бола алмайды.</translation>
    </message>
    <message>
        <source>All Pages</source>
        <translation>Барлық беттер</translation>
    </message>
    <message>
        <source>Duplex Settings Conflicts</source>
        <translation>Екі жақты басып шығару баптауларының қайшылықтары</translation>
    </message>
    <message>
        <source>%1 is a directory.
Please choose a different file name.</source>
        <translation>%1 — бума.
Басқа файл атауын таңдаңыз.</translation>
    </message>
    <message>
        <source>File %1 is not writable.
Please choose a different file name.</source>
        <translation>%1 файлына жазу мүмкін емес.
Басқа файл атауын таңдаңыз.</translation>
    </message>
    <message>
        <source>Bottom to Top, Right to Left</source>
        <translation>Төменнен жоғарыға, оңнан солға</translation>
    </message>
    <message>
        <source>Top to Bottom, Left to Right</source>
        <translation>Жоғарыдан төменге, солдан оңға</translation>
    </message>
    <message>
        <source>Top to Bottom, Right to Left</source>
        <translation>Жоғарыдан төменге, оңнан солға</translation>
    </message>
</context>
<context>
    <name>QPrintSettingsOutput</name>
    <message>
        <source>to</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Өшірулі</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Пішін</translation>
    </message>
    <message>
        <source>Color</source>
        <translation>Түсті</translation>
    </message>
    <message>
        <source>Print all</source>
        <translation>Барлығын</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Беттер</translation>
    </message>
    <message>
        <source>Current Page</source>
        <translation>Ағымдағы бет</translation>
    </message>
    <message>
        <source>Selection</source>
        <translation>Белгіленген бөлік</translation>
    </message>
    <message>
        <source>Copies</source>
        <translation>Даналар</translation>
    </message>
    <message>
        <source>Print range</source>
        <translation>Басып шығару ауқымы</translation>
    </message>
    <message>
        <source>Color Mode</source>
        <translation>Түс режимі</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Параметрлер</translation>
    </message>
    <message>
        <source>Output Settings</source>
        <translation>Шығару баптаулары</translation>
    </message>
    <message>
        <source>Reverse</source>
        <translation>Кері ретпен</translation>
    </message>
    <message>
        <source>Grayscale</source>
        <translation>Сұр реңктер</translation>
    </message>
    <message>
        <source>Collate</source>
        <translation>Даналар бойынша реттеу</translation>
    </message>
    <message>
        <source>Copies:</source>
        <translation>Даналар саны:</translation>
    </message>
    <message>
        <source>Short side binding</source>
        <translation>Қысқа жағынан түптеу</translation>
    </message>
    <message>
        <source>Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.</source>
        <translation>Беттерді немесе ауқымдарды үтір арқылы көрсетіңіз. Ауқым сызықшамен бөлінген екі санмен беріледі. Мысалы: 3,5-7,9 — 3, 5, 6, 7 және 9-беттер басылады.</translation>
    </message>
    <message>
        <source>Pages from</source>
        <translation>Беттер:</translation>
    </message>
    <message>
        <source>Double Sided Printing</source>
        <translation>Екі жақты басып шығару</translation>
    </message>
    <message>
        <source>Page Set:</source>
        <translation>Беттер жиыны:</translation>
    </message>
    <message>
        <source>Long side binding</source>
        <translation>Ұзын жағынан түптеу</translation>
    </message>
</context>
<context>
    <name>QPrintPreviewDialog</name>
    <message>
        <source>Print Preview</source>
        <translation>Басып шығаруды алдын ала қарау</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Басып шығару</translation>
    </message>
    <message>
        <source>Fit page</source>
        <translation>Бетті толық сыйғызу</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Үлкейту</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>Альбомдық</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Кішірейту</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>Ені бойынша сыйғызу</translation>
    </message>
    <message>
        <source>Portrait</source>
        <translation>Кітаптық</translation>
    </message>
    <message>
        <source>Page Setup</source>
        <translation>Бет баптаулары</translation>
    </message>
    <message>
        <source>Page setup</source>
        <translation>Бет баптаулары</translation>
    </message>
    <message>
        <source>Show overview of all pages</source>
        <translation>Барлық беттерге шолу</translation>
    </message>
    <message>
        <source>First page</source>
        <translation>Бірінші бет</translation>
    </message>
    <message>
        <source>Last page</source>
        <translation>Соңғы бет</translation>
    </message>
    <message>
        <source>Show single page</source>
        <translation>Бір бетті көрсету</translation>
    </message>
    <message>
        <source>Export to PDF</source>
        <translation>PDF-ке экспорттау</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Алдыңғы бет</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Келесі бет</translation>
    </message>
    <message>
        <source>Show facing pages</source>
        <translation>Қатар беттерді көрсету</translation>
    </message>
</context>
<context>
    <name>QErrorMessage</name>
    <message>
        <source>&amp;OK</source>
        <translation>&amp;Жарайды</translation>
    </message>
    <message>
        <source>Fatal Error:</source>
        <translation>Түзетілмейтін қате:</translation>
    </message>
    <message>
        <source>&amp;Show this message again</source>
        <translation>Бұл хабарды қайта &amp;көрсету</translation>
    </message>
    <message>
        <source>Critical Error:</source>
        <translation>Күрделі қате:</translation>
    </message>
    <message>
        <source>Information:</source>
        <translation>Ақпарат:</translation>
    </message>
    <message>
        <source>Debug Message:</source>
        <translation>Жөндеу хабары:</translation>
    </message>
    <message>
        <source>Warning:</source>
        <translation>Ескерту:</translation>
    </message>
</context>
<context>
    <name>QPrintWidget</name>
    <message>
        <source>Form</source>
        <translation>Пішін</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Түрі:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Аты:</translation>
    </message>
    <message>
        <source>Output &amp;file:</source>
        <translation>Шығыс &amp;файлы:</translation>
    </message>
    <message>
        <source>P&amp;roperties</source>
        <translation>&amp;Қасиеттері</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Алдын ала қарау</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Принтер</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>Орналасқан жері:</translation>
    </message>
</context>
<context>
    <name>QCupsJobWidget</name>
    <message>
        <source>Job</source>
        <translation>Тапсырма</translation>
    </message>
    <message>
        <source>End:</source>
        <translation>Соңында:</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Жоқ</translation>
    </message>
    <message>
        <source>Banner Pages</source>
        <translation>Титулдық беттер</translation>
    </message>
    <message>
        <source>Night (18:00 to 05:59)</source>
        <translation>Түнде (18:00 – 05:59)</translation>
    </message>
    <message>
        <source>Specific Time</source>
        <translation>Белгілі бір уақытта</translation>
    </message>
    <message>
        <source>Billing information:</source>
        <translation>Төлем ақпараты:</translation>
    </message>
    <message>
        <source>Scheduled printing:</source>
        <translation>Кейінге қойылған басып шығару:</translation>
    </message>
    <message>
        <source>Secret</source>
        <translation>Құпия</translation>
    </message>
    <message>
        <source>Top Secret</source>
        <translation>Аса құпия</translation>
    </message>
    <message>
        <source>Start:</source>
        <translation>Басында:</translation>
    </message>
    <message>
        <source>Day (06:00 to 17:59)</source>
        <translation>Күндіз (06:00 – 17:59)</translation>
    </message>
    <message>
        <source>Second Shift (16:00 to 23:59)</source>
        <translation>Екінші ауысым (16:00 – 23:59)</translation>
    </message>
    <message>
        <source>Job Control</source>
        <translation>Тапсырманы басқару</translation>
    </message>
    <message>
        <source>Weekend (Saturday to Sunday)</source>
        <translation>Демалыс күндері (сенбі – жексенбі)</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>Стандартты</translation>
    </message>
    <message>
        <source>Classified</source>
        <translation>Қолжетімділігі шектеулі</translation>
    </message>
    <message>
        <source>Third Shift (00:00 to 07:59)</source>
        <translation>Үшінші ауысым (00:00 – 07:59)</translation>
    </message>
    <message>
        <source>Hold Indefinitely</source>
        <translation>Мерзімсіз кейінге қалдыру</translation>
    </message>
    <message>
        <source>Print Immediately</source>
        <translation>Дереу басып шығару</translation>
    </message>
    <message>
        <source>Confidential</source>
        <translation>Конфиденциалды</translation>
    </message>
    <message>
        <source>Job priority:</source>
        <translation>Тапсырма басымдығы:</translation>
    </message>
    <message>
        <source>Unclassified</source>
        <translation>Шектеусіз</translation>
    </message>
</context>
<context>
    <name>QScrollBar</name>
    <message>
        <source>Top</source>
        <translation>Жоғарғы шетке</translation>
    </message>
    <message>
        <source>Scroll down</source>
        <translation>Төмен айналдыру</translation>
    </message>
    <message>
        <source>Scroll here</source>
        <translation>Осында айналдыру</translation>
    </message>
    <message>
        <source>Scroll left</source>
        <translation>Солға айналдыру</translation>
    </message>
    <message>
        <source>Bottom</source>
        <translation>Төменгі шетке</translation>
    </message>
    <message>
        <source>Page up</source>
        <translation>Бір бет жоғары</translation>
    </message>
    <message>
        <source>Page right</source>
        <translation>Бір бет оңға</translation>
    </message>
    <message>
        <source>Scroll up</source>
        <translation>Жоғары айналдыру</translation>
    </message>
    <message>
        <source>Scroll right</source>
        <translation>Оңға айналдыру</translation>
    </message>
    <message>
        <source>Left edge</source>
        <translation>Сол жақ шетке</translation>
    </message>
    <message>
        <source>Page down</source>
        <translation>Бір бет төмен</translation>
    </message>
    <message>
        <source>Page left</source>
        <translation>Бір бет солға</translation>
    </message>
    <message>
        <source>Right edge</source>
        <translation>Оң жақ шетке</translation>
    </message>
</context>
<context>
    <name>QComboBox</name>
    <message>
        <source>True</source>
        <translation>Иә</translation>
    </message>
    <message>
        <source>False</source>
        <translation>Жоқ</translation>
    </message>
    <message>
        <source>Open the combo box selection popup</source>
        <translation>Ашылмалы тізімді ашу</translation>
    </message>
</context>
<context>
    <name>QPrintPropertiesWidget</name>
    <message>
        <source>Form</source>
        <translation>Пішін</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>Бет</translation>
    </message>
    <message>
        <source>There are conflicts in some options. Please fix them.</source>
        <translation>Кейбір параметрлерде қайшылықтар бар. Оларды түзетіңіз.</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Қосымша</translation>
    </message>
</context>
<context>
    <name>QPrintPropertiesDialog</name>
    <message>
        <source>Advanced Option Conflicts</source>
        <translation>Қосымша параметрлердің қайшылықтары</translation>
    </message>
    <message>
        <source>Job Options</source>
        <translation>Тапсырма параметрлері</translation>
    </message>
    <message>
        <source>Page Setup Conflicts</source>
        <translation>Бет баптауларының қайшылықтары</translation>
    </message>
    <message>
        <source>There are conflicts in some advanced options. Do you want to fix them?</source>
        <translation>Кейбір қосымша параметрлерде қайшылықтар бар. Түзету керек пе?</translation>
    </message>
    <message>
        <source>There are conflicts in page setup options. Do you want to fix them?</source>
        <translation>Бет баптауларында қайшылықтар бар. Түзету керек пе?</translation>
    </message>
    <message>
        <source>Printer Properties</source>
        <translation>Принтер қасиеттері</translation>
    </message>
</context>
<context>
    <name>QUnicodeControlCharacterMenu</name>
    <message>
        <source>Insert Unicode control character</source>
        <translation>Unicode басқару таңбасын кірістіру</translation>
    </message>
    <message>
        <source>LRM Left-to-right mark</source>
        <translation>LRM Солдан оңға жазу белгісі</translation>
    </message>
    <message>
        <source>RLM Right-to-left mark</source>
        <translation>RLM Оңнан солға жазу белгісі</translation>
    </message>
    <message>
        <source>ZWJ Zero width joiner</source>
        <translation>ZWJ Нөлдік енді біріктіргіш</translation>
    </message>
    <message>
        <source>ZWNJ Zero width non-joiner</source>
        <translation>ZWNJ Нөлдік енді ажыратқыш</translation>
    </message>
    <message>
        <source>ZWSP Zero width space</source>
        <translation>ZWSP Нөлдік енді бос орын</translation>
    </message>
    <message>
        <source>LRE Start of left-to-right embedding</source>
        <translation>LRE Солдан оңға ендірудің басы</translation>
    </message>
    <message>
        <source>RLE Start of right-to-left embedding</source>
        <translation>RLE Оңнан солға ендірудің басы</translation>
    </message>
    <message>
        <source>LRO Start of left-to-right override</source>
        <translation>LRO Солдан оңға алмастырудың басы</translation>
    </message>
    <message>
        <source>RLO Start of right-to-left override</source>
        <translation>RLO Оңнан солға алмастырудың басы</translation>
    </message>
    <message>
        <source>PDF Pop directional formatting</source>
        <translation>PDF Бағытты пішімдеудің соңы</translation>
    </message>
    <message>
        <source>LRI Left-to-right isolate</source>
        <translation>LRI Солдан оңға оқшаулау</translation>
    </message>
    <message>
        <source>RLI Right-to-left isolate</source>
        <translation>RLI Оңнан солға оқшаулау</translation>
    </message>
    <message>
        <source>FSI First strong isolate</source>
        <translation>FSI Бірінші күшті оқшаулау</translation>
    </message>
    <message>
        <source>PDI Pop directional isolate</source>
        <translation>PDI Бағытты оқшаулаудың соңы</translation>
    </message>
</context>
<context>
    <name>QAbstractSpinBox</name>
    <message>
        <source>Step &amp;down</source>
        <translation>&amp;Төмен қадам</translation>
    </message>
    <message>
        <source>&amp;Step up</source>
        <translation>&amp;Жоғары қадам</translation>
    </message>
    <message>
        <source>&amp;Select All</source>
        <translation>&amp;Барлығын белгілеу</translation>
    </message>
</context>
<context>
    <name>QPageSize</name>
    <message>
        <source>Custom</source>
        <translation>Таңдамалы</translation>
    </message>
    <message>
        <source>%1 x %2 in</source>
        <translation>%1 x %2 дюйм</translation>
    </message>
    <message>
        <source>Custom (%1in x %2in)</source>
        <translation>Таңдамалы (%1 дюйм x %2 дюйм)</translation>
    </message>
    <message>
        <source>Custom (%1mm x %2mm)</source>
        <translation>Таңдамалы (%1 мм x %2 мм)</translation>
    </message>
    <message>
        <source>Custom (%1CC x %2CC)</source>
        <translation>Таңдамалы (%1 CC x %2 CC)</translation>
    </message>
    <message>
        <source>Custom (%1DD x %2DD)</source>
        <translation>Таңдамалы (%1 DD x %2 DD)</translation>
    </message>
    <message>
        <source>Custom (%1pc x %2pc)</source>
        <translation>Таңдамалы (%1 P̸ x %2 P̸)</translation>
    </message>
    <message>
        <source>Custom (%1pt x %2pt)</source>
        <translation>Таңдамалы (%1 пт x %2 пт)</translation>
    </message>
    <message>
        <source>Executive (7.5 x 10 in)</source>
        <translation>Executive (7.5 x 10 дюйм)</translation>
    </message>
    <message>
        <source>Executive (7.25 x 10.5 in)</source>
        <translation>Executive (7.25 x 10.5 дюйм)</translation>
    </message>
    <message>
        <source>Folio (8.27 x 13 in)</source>
        <translation>Folio (8.27 x 13 дюйм)</translation>
    </message>
    <message>
        <source>Fan-fold German (8.5 x 12 in)</source>
        <translation>Fan-fold German (8.5 x 12 дюйм)</translation>
    </message>
    <message>
        <source>Fan-fold US (14.875 x 11 in)</source>
        <translation>Fan-fold US (14.875 x 11 дюйм)</translation>
    </message>
    <message>
        <source>Fan-fold German Legal (8.5 x 13 in)</source>
        <translation>Fan-fold German Legal (8.5 x 13 дюйм)</translation>
    </message>
</context>
</TS>
