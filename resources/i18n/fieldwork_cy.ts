<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cy_GB" sourcelanguage="en_GB">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../widgets/about_dialog.py" line="56"/>
        <source>About Fieldwork</source>
        <translation type="unfinished">Ynghylch Fieldwork</translation>
    </message>
    <message>
        <location filename="../../widgets/about_dialog.py" line="61"/>
        <source>&lt;b&gt;Fieldwork {version}&lt;/b&gt;&lt;br&gt;Offline case-file inspection for child protection inspections.</source>
        <translation type="unfinished">&lt;b&gt;Fieldwork {version}&lt;/b&gt;&lt;br&gt;Arolygu ffeiliau achos all-lein ar gyfer arolygiadau amddiffyn plant.</translation>
    </message>
    <message>
        <location filename="../../widgets/about_dialog.py" line="73"/>
        <source>Bundled components and their licences</source>
        <translation type="unfinished">Cydrannau wedi&apos;u cynnwys a&apos;u trwyddedau</translation>
    </message>
    <message>
        <location filename="../../widgets/about_dialog.py" line="78"/>
        <source>Licence text</source>
        <translation type="unfinished">Testun y drwydded</translation>
    </message>
    <message>
        <location filename="../../widgets/about_dialog.py" line="87"/>
        <source>Bundled components (licences as each states them):</source>
        <translation type="unfinished">Cydrannau wedi&apos;u cynnwys (trwyddedau fel y mae pob un yn eu nodi):</translation>
    </message>
</context>
<context>
    <name>AgreementView</name>
    <message>
        <location filename="../../widgets/agreement_view.py" line="19"/>
        <source>Agreement statistics</source>
        <translation type="unfinished">Ystadegau cytundeb</translation>
    </message>
</context>
<context>
    <name>AllocationDialog</name>
    <message>
        <location filename="../../widgets/allocation_dialog.py" line="47"/>
        <source>Allocate cases</source>
        <translation type="unfinished">Dyrannu achosion</translation>
    </message>
    <message>
        <location filename="../../widgets/allocation_dialog.py" line="50"/>
        <source>Inspectors</source>
        <translation type="unfinished">Arolygwyr</translation>
    </message>
    <message>
        <location filename="../../widgets/allocation_dialog.py" line="58"/>
        <source>Double-graded share</source>
        <translation type="unfinished">Cyfran â gradd ddwbl</translation>
    </message>
    <message>
        <location filename="../../widgets/allocation_dialog.py" line="62"/>
        <source>&amp;Allocate</source>
        <translation type="unfinished">&amp;Dyrannu</translation>
    </message>
    <message>
        <location filename="../../widgets/allocation_dialog.py" line="63"/>
        <source>&amp;Export fieldwork packages…</source>
        <translation type="unfinished">&amp;Allforio pecynnau gwaith maes…</translation>
    </message>
    <message>
        <location filename="../../widgets/allocation_dialog.py" line="66"/>
        <source>Allocation status</source>
        <translation type="unfinished">Statws dyrannu</translation>
    </message>
    <message>
        <location filename="../../widgets/allocation_dialog.py" line="68"/>
        <source>Packages written</source>
        <translation type="unfinished">Pecynnau wedi&apos;u hysgrifennu</translation>
    </message>
    <message>
        <location filename="../../widgets/allocation_dialog.py" line="71"/>
        <source>Inspectors (round robin):</source>
        <translation type="unfinished">Arolygwyr (yn eu tro):</translation>
    </message>
    <message>
        <location filename="../../widgets/allocation_dialog.py" line="72"/>
        <source>Double-graded (blind second grader):</source>
        <translation type="unfinished">Graddio dwbl (ail raddiwr dall):</translation>
    </message>
    <message>
        <location filename="../../widgets/allocation_dialog.py" line="91"/>
        <source>Allocated {count} case(s) to {chosen} inspector(s); {doubles} double-graded.</source>
        <translation type="unfinished">Dyrannwyd {count} achos i {chosen} arolygydd; {doubles} â gradd ddwbl.</translation>
    </message>
    <message>
        <location filename="../../widgets/allocation_dialog.py" line="94"/>
        <source>Folder for the fieldwork packages (e.g. the USB stick)</source>
        <translation type="unfinished">Ffolder ar gyfer y pecynnau gwaith maes (e.e. y cof bach USB)</translation>
    </message>
    <message>
        <location filename="../../widgets/allocation_dialog.py" line="113"/>
        <source>Writing {targets} fieldwork package(s)…</source>
        <translation type="unfinished">Wrthi&apos;n ysgrifennu {targets} pecyn gwaith maes…</translation>
    </message>
    <message>
        <location filename="../../widgets/allocation_dialog.py" line="130"/>
        <source>Cancelling… a package being written is not kept.</source>
        <translation type="unfinished">Wrthi&apos;n canslo… ni chedwir pecyn sy&apos;n cael ei ysgrifennu.</translation>
    </message>
    <message>
        <location filename="../../widgets/allocation_dialog.py" line="136"/>
        <source>Cancelled; the packages not yet written were not written.</source>
        <translation type="unfinished">Canslwyd; ni ysgrifennwyd y pecynnau nad oedd wedi&apos;u hysgrifennu eto.</translation>
    </message>
    <message>
        <location filename="../../widgets/allocation_dialog.py" line="139"/>
        <source>Writing the packages stopped on an unexpected error ({summary}).</source>
        <translation type="unfinished">Daeth ysgrifennu&apos;r pecynnau i ben oherwydd gwall annisgwyl ({summary}).</translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <location filename="../../widgets/backups_dialog.py" line="64"/>
        <source>Restore {name} from a backup</source>
        <translation type="unfinished">Adfer {name} o gopi wrth gefn</translation>
    </message>
    <message>
        <location filename="../../widgets/backups_dialog.py" line="65"/>
        <source>Restore from a backup</source>
        <translation type="unfinished">Adfer o gopi wrth gefn</translation>
    </message>
    <message>
        <location filename="../../widgets/backups_dialog.py" line="67"/>
        <source>Backups are encrypted copies with the same passphrase. Restoring replaces the inspection with the chosen copy; its present state is first kept as another backup.</source>
        <translation type="unfinished">Copïau wedi&apos;u hamgryptio â&apos;r un cyfrinymadrodd yw copïau wrth gefn. Mae adfer yn disodli&apos;r arolygiad â&apos;r copi a ddewiswyd; caiff ei gyflwr presennol ei gadw&apos;n gyntaf fel copi wrth gefn arall.</translation>
    </message>
    <message>
        <location filename="../../widgets/backups_dialog.py" line="73"/>
        <source>Backups</source>
        <translation type="unfinished">Copïau wrth gefn</translation>
    </message>
    <message>
        <location filename="../../widgets/backups_dialog.py" line="82"/>
        <source>There are no backups of this inspection yet.</source>
        <translation type="unfinished">Nid oes copïau wrth gefn o&apos;r arolygiad hwn eto.</translation>
    </message>
    <message>
        <location filename="../../widgets/backups_dialog.py" line="85"/>
        <source>Restore the chosen backup</source>
        <translation type="unfinished">Adfer y copi wrth gefn a ddewiswyd</translation>
    </message>
</context>
<context>
    <name>CasePanel</name>
    <message>
        <location filename="../../widgets/case_panel.py" line="128"/>
        <source>The report was marked final on {at} by {by}: cases can be read, not changed.</source>
        <translation type="unfinished">Marciwyd yr adroddiad yn derfynol ar {at} gan {by}: gellir darllen achosion, ond nid eu newid.</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="131"/>
        <source>Final report</source>
        <translation type="unfinished">Adroddiad terfynol</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="148"/>
        <location filename="../../widgets/case_panel.py" line="289"/>
        <source>No case selected</source>
        <translation type="unfinished">Dim achos wedi&apos;i ddewis</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="162"/>
        <source>Force&apos;s self-assessed grade</source>
        <translation type="unfinished">Gradd hunanasesu&apos;r heddlu</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="165"/>
        <source>Force&apos;s self-assessed grade:</source>
        <translation type="unfinished">Gradd hunanasesu&apos;r heddlu:</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="167"/>
        <source>Force&apos;s grade</source>
        <translation type="unfinished">Gradd yr heddlu</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="174"/>
        <location filename="../../widgets/case_panel.py" line="175"/>
        <source>Your grade</source>
        <translation type="unfinished">Eich gradd</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="185"/>
        <source>{label}   (Ctrl+{i})</source>
        <translation type="unfinished">{label}   (Ctrl+{i})</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="187"/>
        <source>Grade: {label}</source>
        <translation type="unfinished">Gradd: {label}</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="193"/>
        <source>Not graded yet   (Ctrl+0)</source>
        <translation type="unfinished">Heb ei raddio eto   (Ctrl+0)</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="194"/>
        <source>Grade: not graded</source>
        <translation type="unfinished">Gradd: heb ei raddio</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="202"/>
        <source>What the chosen grade means</source>
        <translation type="unfinished">Ystyr y radd a ddewiswyd</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="208"/>
        <source>Other inspectors&apos; grades</source>
        <translation type="unfinished">Graddau arolygwyr eraill</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="218"/>
        <source>Serious &amp;concern</source>
        <translation type="unfinished">&amp;Pryder difrifol</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="219"/>
        <source>Serious concern</source>
        <translation type="unfinished">Pryder difrifol</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="222"/>
        <source>Refer back to force…</source>
        <translation type="unfinished">Atgyfeirio&apos;n ôl at yr heddlu…</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="223"/>
        <source>Refer back to force</source>
        <translation type="unfinished">Atgyfeirio&apos;n ôl at yr heddlu</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="227"/>
        <source>Referral status</source>
        <translation type="unfinished">Statws atgyfeirio</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="231"/>
        <source>Save status</source>
        <translation type="unfinished">Statws cadw</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="248"/>
        <source>Evidence notes: {label}</source>
        <translation type="unfinished">Nodiadau tystiolaeth: {label}</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="266"/>
        <source>Other inspectors&apos; grades: {label}</source>
        <translation type="unfinished">Graddau arolygwyr eraill: {label}</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="277"/>
        <source>Evidence notes</source>
        <translation type="unfinished">Nodiadau tystiolaeth</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="306"/>
        <source>self-assessed</source>
        <translation type="unfinished">hunanasesiad</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="306"/>
        <source>inspectorate-selected</source>
        <translation type="unfinished">dewiswyd gan yr arolygiaeth</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="307"/>
        <source>{ref} · {case_type_label} · {sample}</source>
        <translation type="unfinished">{ref} · {case_type_label} · {sample}</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="308"/>
        <source>Case {ref}</source>
        <translation type="unfinished">Achos {ref}</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="321"/>
        <source>not graded</source>
        <translation type="unfinished">heb ei raddio</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="324"/>
        <source>graders disagree</source>
        <translation type="unfinished">mae&apos;r graddwyr yn anghytuno</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="325"/>
        <location filename="../../widgets/case_panel.py" line="349"/>
        <source>Other inspectors: {grades}</source>
        <translation type="unfinished">Arolygwyr eraill: {grades}</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="329"/>
        <source>Referred back on {raised_on} ({status})</source>
        <translation type="unfinished">Atgyfeiriwyd yn ôl ar {raised_on} ({status})</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="348"/>
        <source>Other inspectors: {grades} (graders disagree)</source>
        <translation type="unfinished">Arolygwyr eraill: {grades} (mae’r graddwyr yn anghytuno)</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="450"/>
        <source>Editing…</source>
        <translation type="unfinished">Wrthi&apos;n golygu…</translation>
    </message>
    <message>
        <location filename="../../widgets/case_panel.py" line="476"/>
        <source>NOT SAVED</source>
        <translation type="unfinished">HEB EI GADW</translation>
    </message>
</context>
<context>
    <name>CaseQueriesBox</name>
    <message>
        <location filename="../../widgets/queries.py" line="107"/>
        <source>Lead&apos;s queries</source>
        <translation type="unfinished">Ymholiadau&apos;r arweinydd</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="113"/>
        <source>Queries on this case</source>
        <translation type="unfinished">Ymholiadau ar yr achos hwn</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="117"/>
        <source>Your answer to the lead</source>
        <translation type="unfinished">Eich ateb i&apos;r arweinydd</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="118"/>
        <source>Your answer to the lead (change the grade or notes above as well, if asked)</source>
        <translation type="unfinished">Eich ateb i&apos;r arweinydd (newidiwch y radd neu&apos;r nodiadau uchod hefyd, os gofynnir)</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="122"/>
        <source>Raise &amp;query…</source>
        <translation type="unfinished">Codi &amp;ymholiad…</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="123"/>
        <source>Send &amp;answer</source>
        <translation type="unfinished">&amp;Anfon ateb</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="124"/>
        <source>Close q&amp;uery</source>
        <translation type="unfinished">&amp;Cau&apos;r ymholiad</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="130"/>
        <source>Problem with the query</source>
        <translation type="unfinished">Problem gyda&apos;r ymholiad</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="174"/>
        <source>please re-grade</source>
        <translation type="unfinished">graddiwch eto os gwelwch yn dda</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="175"/>
        <source>&lt;b&gt;{status}&lt;/b&gt; · {lead} asked {inspector} on {day}:{regrade}&lt;br&gt;&amp;ldquo;{query}&amp;rdquo;</source>
        <translation type="unfinished">&lt;b&gt;{status}&lt;/b&gt; · gofynnodd {lead} i {inspector} ar {day}:{regrade}&lt;br&gt;&amp;ldquo;{query}&amp;rdquo;</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="179"/>
        <source>&lt;br&gt;&lt;i&gt;Answer from {inspector} on {day}:&lt;/i&gt; &amp;ldquo;{answer}&amp;rdquo;</source>
        <translation type="unfinished">&lt;br&gt;&lt;i&gt;Ateb gan {inspector} ar {day}:&lt;/i&gt; &amp;ldquo;{answer}&amp;rdquo;</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="182"/>
        <source>&lt;br&gt;Closed by {lead} on {day}.</source>
        <translation type="unfinished">&lt;br&gt;Caewyd gan {lead} ar {day}.</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../../widgets/case_model.py" line="84"/>
        <source>Inspectorate-selected</source>
        <translation type="unfinished">Dewiswyd gan yr arolygiaeth</translation>
    </message>
    <message>
        <location filename="../../widgets/case_model.py" line="84"/>
        <source>Self-assessed</source>
        <translation type="unfinished">Hunanasesiad</translation>
    </message>
    <message>
        <location filename="../../widgets/case_model.py" line="232"/>
        <source>{heading}: {value}</source>
        <translation type="unfinished">{heading}: {value}</translation>
    </message>
    <message>
        <location filename="../../widgets/case_model.py" line="233"/>
        <source>none</source>
        <translation type="unfinished">dim</translation>
    </message>
    <message>
        <location filename="../../widgets/case_model.py" line="263"/>
        <source>Disagreement</source>
        <translation type="unfinished">Anghytundeb</translation>
    </message>
    <message>
        <location filename="../../widgets/case_model.py" line="265"/>
        <source>{graded} of {topics} topics graded</source>
        <translation type="unfinished">{graded} o {topics} pwnc wedi&apos;u graddio</translation>
    </message>
    <message>
        <location filename="../../widgets/case_model.py" line="266"/>
        <source>Ungraded</source>
        <translation type="unfinished">Heb ei raddio</translation>
    </message>
    <message>
        <location filename="../../widgets/case_model.py" line="276"/>
        <source>Referred</source>
        <translation type="unfinished">Atgyfeiriwyd</translation>
    </message>
    <message>
        <location filename="../../widgets/case_model.py" line="279"/>
        <source>Query</source>
        <translation type="unfinished">Ymholiad</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <location filename="../../widgets/main_window.py" line="80"/>
        <source>All</source>
        <translation type="unfinished">Pob un</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="81"/>
        <source>Self-assessed</source>
        <translation type="unfinished">Hunanasesiad</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="82"/>
        <source>Inspectorate-selected</source>
        <translation type="unfinished">Dewiswyd gan yr arolygiaeth</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="101"/>
        <source>Find reference (Ctrl+F)</source>
        <translation type="unfinished">Canfod cyfeirnod (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="102"/>
        <source>Find case by reference</source>
        <translation type="unfinished">Canfod achos yn ôl cyfeirnod</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="104"/>
        <source>Case type filter</source>
        <translation type="unfinished">Hidlydd math o achos</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="107"/>
        <source>Sample filter</source>
        <translation type="unfinished">Hidlydd sampl</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="109"/>
        <source>Inspector filter</source>
        <translation type="unfinished">Hidlydd arolygydd</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="110"/>
        <source>Status filter</source>
        <translation type="unfinished">Hidlydd statws</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="111"/>
        <source>&amp;Search</source>
        <translation type="unfinished">C&amp;hwilio</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="111"/>
        <source>T&amp;ype</source>
        <translation type="unfinished">&amp;Math</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="112"/>
        <source>Sa&amp;mple</source>
        <translation type="unfinished">Sa&amp;mpl</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="112"/>
        <source>I&amp;nspector</source>
        <translation type="unfinished">Ar&amp;olygydd</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="113"/>
        <source>S&amp;tatus</source>
        <translation type="unfinished">S&amp;tatws</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="126"/>
        <source>Cases</source>
        <translation type="unfinished">Achosion</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="159"/>
        <source>Cases shown</source>
        <translation type="unfinished">Achosion a ddangosir</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="221"/>
        <source>{rowcount} of {rowcount2} cases shown</source>
        <translation type="unfinished">Dangosir {rowcount} o {rowcount2} achos</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../widgets/conflict_dialog.py" line="26"/>
        <source>Merge conflicts</source>
        <translation type="unfinished">Gwrthdaro wrth gyfuno</translation>
    </message>
    <message>
        <location filename="../../widgets/conflict_dialog.py" line="30"/>
        <source>Conflicts</source>
        <translation type="unfinished">Gwrthdaro</translation>
    </message>
    <message>
        <location filename="../../widgets/conflict_dialog.py" line="35"/>
        <source>Conflict status</source>
        <translation type="unfinished">Statws gwrthdaro</translation>
    </message>
    <message>
        <location filename="../../widgets/conflict_dialog.py" line="54"/>
        <source>{items} open conflict(s).</source>
        <translation type="unfinished">{items} gwrthdaro agored.</translation>
    </message>
    <message>
        <location filename="../../widgets/conflict_dialog.py" line="65"/>
        <source>Handed out: {shown}</source>
        <translation type="unfinished">A ddosbarthwyd: {shown}</translation>
    </message>
    <message>
        <location filename="../../widgets/conflict_dialog.py" line="67"/>
        <source>Keep {shown}  (copy {copy_id})</source>
        <translation type="unfinished">Cadw {shown}  (copi {copy_id})</translation>
    </message>
</context>
<context>
    <name>DatedDecisionDialog</name>
    <message>
        <location filename="../../widgets/referrals.py" line="128"/>
        <source>{what} the referral of {ref}</source>
        <translation type="unfinished">{what} atgyfeiriad {ref}</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="129"/>
        <source>{what} referral</source>
        <translation type="unfinished">{what} atgyfeiriad</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="139"/>
        <source>Why the referral is withdrawn</source>
        <translation type="unfinished">Pam mae&apos;r atgyfeiriad yn cael ei dynnu&apos;n ôl</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="140"/>
        <source>For example: raised on the wrong case</source>
        <translation type="unfinished">Er enghraifft: wedi&apos;i godi ar yr achos anghywir</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="142"/>
        <source>&amp;Why</source>
        <translation type="unfinished">Pa&amp;ham</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="146"/>
        <source>Date</source>
        <translation type="unfinished">Dyddiad</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="147"/>
        <source>&amp;Date</source>
        <translation type="unfinished">&amp;Dyddiad</translation>
    </message>
</context>
<context>
    <name>ExportRunner</name>
    <message>
        <location filename="../../widgets/export_ui.py" line="80"/>
        <source>Last export</source>
        <translation type="unfinished">Yr allforio diwethaf</translation>
    </message>
    <message>
        <location filename="../../widgets/export_ui.py" line="82"/>
        <source>Open folder</source>
        <translation type="unfinished">Agor y ffolder</translation>
    </message>
    <message>
        <location filename="../../widgets/export_ui.py" line="85"/>
        <source>Open the folder of the last export</source>
        <translation type="unfinished">Agor ffolder yr allforio diwethaf</translation>
    </message>
    <message>
        <location filename="../../widgets/export_ui.py" line="141"/>
        <source>Written: {name}</source>
        <translation type="unfinished">Ysgrifennwyd: {name}</translation>
    </message>
    <message>
        <location filename="../../widgets/export_ui.py" line="158"/>
        <source>Export cancelled: nothing was written.</source>
        <translation type="unfinished">Canslwyd yr allforio: ni ysgrifennwyd dim.</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <location filename="../../widgets/import_wizard.py" line="96"/>
        <source>Choose the force&apos;s sample</source>
        <translation type="unfinished">Dewis sampl yr heddlu</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="97"/>
        <source>A CSV or Excel (.xlsx) file with one case per row and a header row.</source>
        <translation type="unfinished">Ffeil CSV neu Excel (.xlsx) ag un achos i bob rhes a rhes pennawd.</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="101"/>
        <location filename="../../widgets/import_wizard.py" line="123"/>
        <source>Sample file</source>
        <translation type="unfinished">Ffeil sampl</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="103"/>
        <source>&amp;Browse…</source>
        <translation type="unfinished">&amp;Pori…</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="104"/>
        <source>Browse for the sample file</source>
        <translation type="unfinished">Pori am y ffeil sampl</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="106"/>
        <source>&amp;File:</source>
        <translation type="unfinished">&amp;Ffeil:</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="112"/>
        <source>Why the file cannot be read yet</source>
        <translation type="unfinished">Pam na ellir darllen y ffeil eto</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="143"/>
        <source>Reading the file…</source>
        <translation type="unfinished">Wrthi&apos;n darllen y ffeil…</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="151"/>
        <source>Read the file as {detected} (the text quoted above looks right)</source>
        <translation type="unfinished">Darllen y ffeil fel {detected} (mae&apos;r testun a ddyfynnir uchod yn edrych yn gywir)</translation>
    </message>
</context>
<context>
    <name>FindingTableModel</name>
    <message>
        <location filename="../../widgets/hand_in.py" line="46"/>
        <source>Blocks</source>
        <translation type="unfinished">Yn atal</translation>
    </message>
    <message>
        <location filename="../../widgets/hand_in.py" line="46"/>
        <source>Warns</source>
        <translation type="unfinished">Yn rhybuddio</translation>
    </message>
    <message>
        <location filename="../../widgets/hand_in.py" line="55"/>
        <source>Double-click to open the case</source>
        <translation type="unfinished">Cliciwch ddwywaith i agor yr achos</translation>
    </message>
</context>
<context>
    <name>ForceEvidenceDialog</name>
    <message>
        <location filename="../../widgets/force_judgements.py" line="103"/>
        <source>{evidence} evidence: {topic}</source>
        <translation type="unfinished">Tystiolaeth {evidence}: {topic}</translation>
    </message>
    <message>
        <location filename="../../widgets/force_judgements.py" line="104"/>
        <source>Evidence for {topic}</source>
        <translation type="unfinished">Tystiolaeth ar gyfer {topic}</translation>
    </message>
    <message>
        <location filename="../../widgets/force_judgements.py" line="107"/>
        <source>Source of the evidence</source>
        <translation type="unfinished">Ffynhonnell y dystiolaeth</translation>
    </message>
    <message>
        <location filename="../../widgets/force_judgements.py" line="113"/>
        <source>&amp;Source</source>
        <translation type="unfinished">&amp;Ffynhonnell</translation>
    </message>
    <message>
        <location filename="../../widgets/force_judgements.py" line="116"/>
        <source>Evidence</source>
        <translation type="unfinished">Tystiolaeth</translation>
    </message>
    <message>
        <location filename="../../widgets/force_judgements.py" line="117"/>
        <source>What was found: who said it, which document, what the data show</source>
        <translation type="unfinished">Beth a ganfuwyd: pwy a&apos;i dywedodd, pa ddogfen, beth mae&apos;r data&apos;n ei ddangos</translation>
    </message>
    <message>
        <location filename="../../widgets/force_judgements.py" line="118"/>
        <source>&amp;Evidence</source>
        <translation type="unfinished">&amp;Tystiolaeth</translation>
    </message>
</context>
<context>
    <name>ForceJudgementsView</name>
    <message>
        <location filename="../../widgets/force_judgements.py" line="141"/>
        <source>{inspectorate}&apos;s judgement of the whole force on each topic, with the evidence from interviews, documents, observation and data that stands behind it. Case audits are graded in the case panel.</source>
        <translation type="unfinished">Barn {inspectorate} ar yr heddlu cyfan ar bob pwnc, gyda&apos;r dystiolaeth o gyfweliadau, dogfennau, arsylwi a data sy&apos;n sail iddi. Caiff archwiliadau achosion eu graddio yn y panel achos.</translation>
    </message>
    <message>
        <location filename="../../widgets/force_judgements.py" line="149"/>
        <source>Topics judged for the force</source>
        <translation type="unfinished">Pynciau y rhoddwyd barn arnynt ar gyfer yr heddlu</translation>
    </message>
    <message>
        <location filename="../../widgets/force_judgements.py" line="170"/>
        <location filename="../../widgets/force_judgements.py" line="171"/>
        <source>Grade for the force</source>
        <translation type="unfinished">Gradd ar gyfer yr heddlu</translation>
    </message>
    <message>
        <location filename="../../widgets/force_judgements.py" line="179"/>
        <location filename="../../widgets/force_judgements.py" line="180"/>
        <source>Evidence</source>
        <translation type="unfinished">Tystiolaeth</translation>
    </message>
    <message>
        <location filename="../../widgets/force_judgements.py" line="185"/>
        <source>Evidence for the topic</source>
        <translation type="unfinished">Tystiolaeth ar gyfer y pwnc</translation>
    </message>
    <message>
        <location filename="../../widgets/force_judgements.py" line="204"/>
        <source>About the evidence</source>
        <translation type="unfinished">Ynghylch y dystiolaeth</translation>
    </message>
    <message>
        <location filename="../../widgets/force_judgements.py" line="207"/>
        <source>&amp;Add evidence…</source>
        <translation type="unfinished">&amp;Ychwanegu tystiolaeth…</translation>
    </message>
    <message>
        <location filename="../../widgets/force_judgements.py" line="208"/>
        <source>E&amp;dit…</source>
        <translation type="unfinished">&amp;Golygu…</translation>
    </message>
    <message>
        <location filename="../../widgets/force_judgements.py" line="209"/>
        <source>Re&amp;move</source>
        <translation type="unfinished">&amp;Tynnu</translation>
    </message>
    <message>
        <location filename="../../widgets/force_judgements.py" line="282"/>
        <source>Topic: {label}</source>
        <translation type="unfinished">Pwnc: {label}</translation>
    </message>
    <message>
        <location filename="../../widgets/force_judgements.py" line="340"/>
        <source>Remove evidence</source>
        <translation type="unfinished">Tynnu tystiolaeth</translation>
    </message>
    <message>
        <location filename="../../widgets/force_judgements.py" line="341"/>
        <source>Remove this {lower} evidence from {label}?

{text}</source>
        <translation type="unfinished">Tynnu&apos;r dystiolaeth {lower} hon o {label}?

{text}</translation>
    </message>
</context>
<context>
    <name>ForceResponseDialog</name>
    <message>
        <location filename="../../widgets/referrals.py" line="99"/>
        <source>Force&apos;s response on {ref}</source>
        <translation type="unfinished">Ymateb yr heddlu ar {ref}</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="102"/>
        <source>Kind of response</source>
        <translation type="unfinished">Math o ymateb</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="105"/>
        <source>&amp;Kind of response</source>
        <translation type="unfinished">&amp;Math o ymateb</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="108"/>
        <source>The force&apos;s response</source>
        <translation type="unfinished">Ymateb yr heddlu</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="109"/>
        <source>&amp;Response</source>
        <translation type="unfinished">&amp;Ymateb</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="112"/>
        <source>Date of response</source>
        <translation type="unfinished">Dyddiad yr ymateb</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="113"/>
        <source>&amp;Date</source>
        <translation type="unfinished">&amp;Dyddiad</translation>
    </message>
</context>
<context>
    <name>GradeSelector</name>
    <message>
        <location filename="../../widgets/grade_selector.py" line="42"/>
        <location filename="../../widgets/grade_selector.py" line="99"/>
        <source>{subject}: {label}</source>
        <translation type="unfinished">{subject}: {label}</translation>
    </message>
    <message>
        <location filename="../../widgets/grade_selector.py" line="48"/>
        <location filename="../../widgets/grade_selector.py" line="100"/>
        <source>{subject}: {lower}</source>
        <translation type="unfinished">{subject}: {lower}</translation>
    </message>
    <message>
        <location filename="../../widgets/grade_selector.py" line="53"/>
        <location filename="../../widgets/grade_selector.py" line="101"/>
        <source>{subject}: what the chosen grade means</source>
        <translation type="unfinished">{subject}: ystyr y radd a ddewiswyd</translation>
    </message>
</context>
<context>
    <name>GraderPanel</name>
    <message>
        <location filename="../../widgets/moderation_view.py" line="36"/>
        <source>{title} grade</source>
        <translation type="unfinished">Gradd {title}</translation>
    </message>
    <message>
        <location filename="../../widgets/moderation_view.py" line="40"/>
        <source>{title} notes</source>
        <translation type="unfinished">Nodiadau {title}</translation>
    </message>
    <message>
        <location filename="../../widgets/moderation_view.py" line="51"/>
        <source>{printable} ({role})</source>
        <translation type="unfinished">{printable} ({role})</translation>
    </message>
</context>
<context>
    <name>HandInDialog</name>
    <message>
        <location filename="../../widgets/hand_in.py" line="70"/>
        <location filename="../../widgets/hand_in.py" line="71"/>
        <source>Checks before hand-in</source>
        <translation type="unfinished">Gwiriadau cyn cyflwyno</translation>
    </message>
    <message>
        <location filename="../../widgets/hand_in.py" line="81"/>
        <source>{blocking} item(s) block, {warnings} warn. {what} Double-click an item (or select it and press Open case) to go to its case.</source>
        <translation type="unfinished">Mae {blocking} eitem yn rhwystro, a {warnings} yn rhybuddio. {what} Cliciwch ddwywaith ar eitem (neu ei dewis a phwyso Agor achos) i fynd i&apos;w hachos.</translation>
    </message>
    <message>
        <location filename="../../widgets/hand_in.py" line="83"/>
        <source>Summary of the checks</source>
        <translation type="unfinished">Crynodeb o&apos;r gwiriadau</translation>
    </message>
    <message>
        <location filename="../../widgets/hand_in.py" line="87"/>
        <source>Checklist</source>
        <translation type="unfinished">Rhestr wirio</translation>
    </message>
</context>
<context>
    <name>Headers</name>
    <message>
        <location filename="../../widgets/about_dialog.py" line="29"/>
        <source>Component</source>
        <translation type="unfinished">Cydran</translation>
    </message>
    <message>
        <location filename="../../widgets/about_dialog.py" line="29"/>
        <source>Version</source>
        <translation type="unfinished">Fersiwn</translation>
    </message>
    <message>
        <location filename="../../widgets/about_dialog.py" line="29"/>
        <source>Licence</source>
        <translation type="unfinished">Trwydded</translation>
    </message>
    <message>
        <location filename="../../widgets/backups_dialog.py" line="22"/>
        <source>Taken (UTC)</source>
        <translation type="unfinished">Cymerwyd (UTC)</translation>
    </message>
    <message>
        <location filename="../../widgets/backups_dialog.py" line="22"/>
        <source>Why</source>
        <translation type="unfinished">Pam</translation>
    </message>
    <message>
        <location filename="../../widgets/backups_dialog.py" line="22"/>
        <source>Size</source>
        <translation type="unfinished">Maint</translation>
    </message>
    <message>
        <location filename="../../widgets/case_model.py" line="41"/>
        <location filename="../../widgets/import_wizard.py" line="59"/>
        <source>Reference</source>
        <translation type="unfinished">Cyfeirnod</translation>
    </message>
    <message>
        <location filename="../../widgets/case_model.py" line="41"/>
        <location filename="../../widgets/queries.py" line="216"/>
        <source>Query</source>
        <translation type="unfinished">Ymholiad</translation>
    </message>
    <message>
        <location filename="../../widgets/case_model.py" line="41"/>
        <location filename="../../widgets/import_wizard.py" line="59"/>
        <location filename="../../widgets/letters_dialog.py" line="49"/>
        <location filename="../../widgets/referrals.py" line="164"/>
        <source>Case type</source>
        <translation type="unfinished">Math o achos</translation>
    </message>
    <message>
        <location filename="../../widgets/case_model.py" line="41"/>
        <location filename="../../widgets/import_wizard.py" line="59"/>
        <source>Sample</source>
        <translation type="unfinished">Sampl</translation>
    </message>
    <message>
        <location filename="../../widgets/case_model.py" line="41"/>
        <location filename="../../widgets/import_wizard.py" line="59"/>
        <source>Force grade</source>
        <translation type="unfinished">Gradd yr heddlu</translation>
    </message>
    <message>
        <location filename="../../widgets/case_model.py" line="41"/>
        <location filename="../../widgets/hand_in.py" line="31"/>
        <location filename="../../widgets/queries.py" line="216"/>
        <source>Inspector</source>
        <translation type="unfinished">Arolygydd</translation>
    </message>
    <message>
        <location filename="../../widgets/case_model.py" line="41"/>
        <source>Grade</source>
        <translation type="unfinished">Gradd</translation>
    </message>
    <message>
        <location filename="../../widgets/case_model.py" line="41"/>
        <source>Referral</source>
        <translation type="unfinished">Atgyfeiriad</translation>
    </message>
    <message>
        <location filename="../../widgets/case_model.py" line="42"/>
        <location filename="../../widgets/force_judgements.py" line="73"/>
        <source>Last edited</source>
        <translation type="unfinished">Golygwyd ddiwethaf</translation>
    </message>
    <message>
        <location filename="../../widgets/force_judgements.py" line="47"/>
        <source>Topic</source>
        <translation type="unfinished">Pwnc</translation>
    </message>
    <message>
        <location filename="../../widgets/force_judgements.py" line="47"/>
        <source>Force&apos;s grade</source>
        <translation type="unfinished">Gradd yr heddlu</translation>
    </message>
    <message>
        <location filename="../../widgets/force_judgements.py" line="47"/>
        <location filename="../../widgets/force_judgements.py" line="73"/>
        <source>Evidence</source>
        <translation type="unfinished">Tystiolaeth</translation>
    </message>
    <message>
        <location filename="../../widgets/force_judgements.py" line="73"/>
        <source>Source</source>
        <translation type="unfinished">Ffynhonnell</translation>
    </message>
    <message>
        <location filename="../../widgets/force_judgements.py" line="73"/>
        <source>Recorded by</source>
        <translation type="unfinished">Cofnodwyd gan</translation>
    </message>
    <message>
        <location filename="../../widgets/hand_in.py" line="31"/>
        <source>Check</source>
        <translation type="unfinished">Gwiriad</translation>
    </message>
    <message>
        <location filename="../../widgets/hand_in.py" line="31"/>
        <location filename="../../widgets/letters_dialog.py" line="49"/>
        <location filename="../../widgets/queries.py" line="216"/>
        <location filename="../../widgets/referrals.py" line="164"/>
        <source>Case</source>
        <translation type="unfinished">Achos</translation>
    </message>
    <message>
        <location filename="../../widgets/hand_in.py" line="31"/>
        <source>What to put right</source>
        <translation type="unfinished">Beth i&apos;w gywiro</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="59"/>
        <source>Row</source>
        <translation type="unfinished">Rhes</translation>
    </message>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="49"/>
        <location filename="../../widgets/queries.py" line="216"/>
        <location filename="../../widgets/referrals.py" line="164"/>
        <source>Status</source>
        <translation type="unfinished">Statws</translation>
    </message>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="49"/>
        <source>Letter sent</source>
        <translation type="unfinished">Llythyr wedi&apos;i anfon</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="216"/>
        <source>Re-grade</source>
        <translation type="unfinished">Ail-raddio</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="216"/>
        <source>Answer</source>
        <translation type="unfinished">Ateb</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="164"/>
        <source>Reason</source>
        <translation type="unfinished">Rheswm</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="164"/>
        <source>Raised on</source>
        <translation type="unfinished">Codwyd ar</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="164"/>
        <source>Raised by</source>
        <translation type="unfinished">Codwyd gan</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="164"/>
        <source>Force&apos;s response</source>
        <translation type="unfinished">Ymateb yr heddlu</translation>
    </message>
    <message>
        <location filename="../../widgets/shortcuts_dialog.py" line="27"/>
        <source>Where</source>
        <translation type="unfinished">Ble</translation>
    </message>
    <message>
        <location filename="../../widgets/shortcuts_dialog.py" line="27"/>
        <source>Command</source>
        <translation type="unfinished">Gorchymyn</translation>
    </message>
    <message>
        <location filename="../../widgets/shortcuts_dialog.py" line="27"/>
        <source>Keys</source>
        <translation type="unfinished">Bysellau</translation>
    </message>
</context>
<context>
    <name>IdentityDialog</name>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="232"/>
        <source>My identity card</source>
        <translation type="unfinished">Fy ngherdyn adnabod</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="240"/>
        <source>Unlock your identity</source>
        <translation type="unfinished">Datgloi eich hunaniaeth</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="242"/>
        <source>Identity status</source>
        <translation type="unfinished">Statws yr hunaniaeth</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="254"/>
        <source>This laptop has no inspector identity yet. It signs every package you send and unlocks the packages sent to you; it stays on this laptop, in its keyring or in a file protected by a passphrase.</source>
        <translation type="unfinished">Nid oes gan y gliniadur hwn hunaniaeth arolygydd eto. Mae&apos;n llofnodi pob pecyn a anfonwch ac yn datgloi&apos;r pecynnau a anfonir atoch; mae&apos;n aros ar y gliniadur hwn, yn ei gylch allweddi neu mewn ffeil a ddiogelir gan gyfrinymadrodd.</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="262"/>
        <source>Your name</source>
        <translation type="unfinished">Eich enw</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="263"/>
        <source>&amp;Your name</source>
        <translation type="unfinished">Eich &amp;enw</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="265"/>
        <source>Your role</source>
        <translation type="unfinished">Eich rôl</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="269"/>
        <source>&amp;Role</source>
        <translation type="unfinished">&amp;Rôl</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="276"/>
        <source>&amp;Create identity</source>
        <translation type="unfinished">&amp;Creu hunaniaeth</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="280"/>
        <source>&amp;Use an existing identity file…</source>
        <translation type="unfinished">Defnyddio ffeil hunaniaeth &amp;bresennol…</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="292"/>
        <source>Enter your name, as the team knows you.</source>
        <translation type="unfinished">Rhowch eich enw, fel y mae&apos;r tîm yn eich adnabod.</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="320"/>
        <source>Your identity file</source>
        <translation type="unfinished">Eich ffeil hunaniaeth</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="321"/>
        <source>Identity files (*.age);;All files (*)</source>
        <translation type="unfinished">Ffeiliau hunaniaeth (*.age);;Pob ffeil (*)</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="329"/>
        <source>{name} was not unlocked, so it is not used; nothing changed.</source>
        <translation type="unfinished">Ni ddatglowyd {name}, felly nid yw&apos;n cael ei defnyddio; ni newidiodd dim.</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="339"/>
        <source>This laptop now uses the identity in {path}.</source>
        <translation type="unfinished">Mae&apos;r gliniadur hwn bellach yn defnyddio&apos;r hunaniaeth yn {path}.</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="346"/>
        <source>Name:</source>
        <translation type="unfinished">Enw:</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="346"/>
        <source>&lt;b&gt;{escape}&lt;/b&gt; ({role})</source>
        <translation type="unfinished">&lt;b&gt;{escape}&lt;/b&gt; ({role})</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="347"/>
        <source>Fingerprint:</source>
        <translation type="unfinished">Ôl bys:</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="349"/>
        <source>Save your card to the USB stick and hand it to your lead in person; then read this fingerprint aloud to them so they can check the card is yours.</source>
        <translation type="unfinished">Cadwch eich cerdyn ar y cof bach USB a&apos;i roi i&apos;ch arweinydd wyneb yn wyneb; yna darllenwch yr ôl bys hwn yn uchel iddynt fel y gallant wirio mai eich cerdyn chi ydyw.</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="353"/>
        <source>&amp;Save my identity card…</source>
        <translation type="unfinished">C&amp;adw fy ngherdyn adnabod…</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="361"/>
        <source>Save identity card</source>
        <translation type="unfinished">Cadw cerdyn adnabod</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="372"/>
        <source>Identity card saved to {target}.</source>
        <translation type="unfinished">Cadwyd y cerdyn adnabod i {target}.</translation>
    </message>
</context>
<context>
    <name>IdentityFileRows</name>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="73"/>
        <source>This laptop has no working keyring to keep your inspector identity in. Keep it in a file protected by a passphrase instead: you will be asked for the passphrase once each session, when team work first needs it.</source>
        <translation type="unfinished">Nid oes gan y gliniadur hwn gylch allweddi sy&apos;n gweithio i gadw eich hunaniaeth arolygydd ynddo. Cadwch hi mewn ffeil a ddiogelir gan gyfrinymadrodd yn lle hynny: gofynnir i chi am y cyfrinymadrodd unwaith bob sesiwn, pan fydd gwaith tîm ei angen gyntaf.</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="79"/>
        <source>&amp;Keep my identity in a file protected by a passphrase</source>
        <translation type="unfinished">Cadw fy &amp;hunaniaeth mewn ffeil a ddiogelir gan gyfrinymadrodd</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="88"/>
        <location filename="../../widgets/welcome_dialog.py" line="89"/>
        <source>Identity file</source>
        <translation type="unfinished">Ffeil hunaniaeth</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="87"/>
        <source>Identity &amp;file:</source>
        <translation type="unfinished">&amp;Ffeil hunaniaeth:</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="88"/>
        <source>P&amp;assphrase:</source>
        <translation type="unfinished">C&amp;yfrinymadrodd:</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="88"/>
        <source>Identity passphrase</source>
        <translation type="unfinished">Cyfrinymadrodd yr hunaniaeth</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="89"/>
        <source>R&amp;epeat passphrase:</source>
        <translation type="unfinished">A&amp;iladrodd y cyfrinymadrodd:</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="89"/>
        <source>Repeat identity passphrase</source>
        <translation type="unfinished">Ailadrodd cyfrinymadrodd yr hunaniaeth</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="90"/>
        <source>Identity files (*.age);;All files (*)</source>
        <translation type="unfinished">Ffeiliau hunaniaeth (*.age);;Pob ffeil (*)</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="90"/>
        <source>Choose where to keep your identity file.</source>
        <translation type="unfinished">Dewiswch ble i gadw eich ffeil hunaniaeth.</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="91"/>
        <source>{path} already exists; an identity is never overwritten. Choose a new file name, or use the existing file from Team ▸ My identity card….</source>
        <translation type="unfinished">Mae {path} yn bodoli eisoes; ni chaiff hunaniaeth byth ei throsysgrifo. Dewiswch enw ffeil newydd, neu defnyddiwch y ffeil bresennol o Tîm ▸ Fy ngherdyn adnabod….</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="93"/>
        <source>The two passphrases differ; type the same passphrase twice.</source>
        <translation type="unfinished">Mae&apos;r ddau gyfrinymadrodd yn wahanol; teipiwch yr un cyfrinymadrodd ddwywaith.</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="94"/>
        <source>Identity passphrase: {weak}</source>
        <translation type="unfinished">Cyfrinymadrodd yr hunaniaeth: {weak}</translation>
    </message>
</context>
<context>
    <name>InspectionDetailsDialog</name>
    <message>
        <location filename="../../widgets/dialogs.py" line="300"/>
        <location filename="../../widgets/dialogs.py" line="301"/>
        <source>Inspection details</source>
        <translation type="unfinished">Manylion yr arolygiad</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="312"/>
        <source>Problem</source>
        <translation type="unfinished">Problem</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="314"/>
        <source>Save</source>
        <translation type="unfinished">Cadw</translation>
    </message>
</context>
<context>
    <name>JobStatus</name>
    <message>
        <location filename="../../widgets/job_status.py" line="19"/>
        <source>Background job</source>
        <translation type="unfinished">Tasg gefndir</translation>
    </message>
    <message>
        <location filename="../../widgets/job_status.py" line="21"/>
        <source>Running job</source>
        <translation type="unfinished">Tasg sy&apos;n rhedeg</translation>
    </message>
    <message>
        <location filename="../../widgets/job_status.py" line="23"/>
        <source>Job progress</source>
        <translation type="unfinished">Cynnydd y dasg</translation>
    </message>
    <message>
        <location filename="../../widgets/job_status.py" line="28"/>
        <source>Cancel</source>
        <translation type="unfinished">Canslo</translation>
    </message>
    <message>
        <location filename="../../widgets/job_status.py" line="30"/>
        <source>Cancel the running job</source>
        <translation type="unfinished">Canslo&apos;r dasg sy&apos;n rhedeg</translation>
    </message>
    <message>
        <location filename="../../widgets/job_status.py" line="31"/>
        <source>Stop it: nothing it was writing is kept</source>
        <translation type="unfinished">Ei hatal: ni chedwir dim yr oedd yn ei ysgrifennu</translation>
    </message>
    <message>
        <location filename="../../widgets/job_status.py" line="52"/>
        <source>{label}…{more}</source>
        <translation type="unfinished">{label}…{more}</translation>
    </message>
    <message>
        <location filename="../../widgets/job_status.py" line="77"/>
        <source>Cancelling: {lower}…</source>
        <translation type="unfinished">Wrthi&apos;n canslo: {lower}…</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../widgets/backups_dialog.py" line="24"/>
        <source>Daily</source>
        <translation type="unfinished">Dyddiol</translation>
    </message>
    <message>
        <location filename="../../widgets/backups_dialog.py" line="24"/>
        <source>By hand</source>
        <translation type="unfinished">Â llaw</translation>
    </message>
    <message>
        <location filename="../../widgets/backups_dialog.py" line="25"/>
        <source>Before a restore</source>
        <translation type="unfinished">Cyn adfer</translation>
    </message>
    <message>
        <location filename="../../widgets/backups_dialog.py" line="26"/>
        <source>Before a merge</source>
        <translation type="unfinished">Cyn cyfuno</translation>
    </message>
    <message>
        <location filename="../../widgets/backups_dialog.py" line="31"/>
        <source>Before an upgrade</source>
        <translation type="unfinished">Cyn uwchraddio</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="39"/>
        <source>Awaiting answer</source>
        <translation type="unfinished">Yn aros am ateb</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="39"/>
        <source>Answered</source>
        <translation type="unfinished">Wedi&apos;i ateb</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="40"/>
        <location filename="../../widgets/referrals.py" line="35"/>
        <source>Closed</source>
        <translation type="unfinished">Wedi&apos;i gau</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="32"/>
        <source>Raised</source>
        <translation type="unfinished">Wedi&apos;i godi</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="33"/>
        <source>Letter sent</source>
        <translation type="unfinished">Llythyr wedi&apos;i anfon</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="34"/>
        <source>Force responded</source>
        <translation type="unfinished">Yr heddlu wedi ymateb</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="35"/>
        <source>Withdrawn</source>
        <translation type="unfinished">Wedi&apos;i dynnu&apos;n ôl</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="36"/>
        <source>Updated assessment</source>
        <translation type="unfinished">Asesiad wedi&apos;i ddiweddaru</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="37"/>
        <source>Action taken</source>
        <translation type="unfinished">Camau wedi&apos;u cymryd</translation>
    </message>
</context>
<context>
    <name>LettersDialog</name>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="139"/>
        <location filename="../../widgets/letters_dialog.py" line="140"/>
        <source>Referral letters</source>
        <translation type="unfinished">Llythyrau atgyfeirio</translation>
    </message>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="148"/>
        <source>Tick the referrals to write to the force about. Those whose letter has not gone yet are ticked; only the ticked referrals are recorded as letter sent.</source>
        <translation type="unfinished">Ticiwch yr atgyfeiriadau i ysgrifennu at yr heddlu amdanynt. Mae&apos;r rhai nad yw eu llythyr wedi mynd eto wedi&apos;u ticio; dim ond yr atgyfeiriadau a diciwyd a gofnodir fel llythyr wedi&apos;i anfon.</translation>
    </message>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="154"/>
        <source>Referrals to write to</source>
        <translation type="unfinished">Atgyfeiriadau i ysgrifennu amdanynt</translation>
    </message>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="162"/>
        <source>Tick &amp;all</source>
        <translation type="unfinished">Ticio&apos;r &amp;cyfan</translation>
    </message>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="163"/>
        <source>Tick &amp;none</source>
        <translation type="unfinished">Ticio &amp;dim un</translation>
    </message>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="173"/>
        <source>Addressee&apos;s name</source>
        <translation type="unfinished">Enw&apos;r derbynnydd</translation>
    </message>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="174"/>
        <source>For example: Jane Smith</source>
        <translation type="unfinished">Er enghraifft: Jane Smith</translation>
    </message>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="175"/>
        <source>Addressee&apos;s na&amp;me</source>
        <translation type="unfinished">E&amp;nw&apos;r derbynnydd</translation>
    </message>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="177"/>
        <source>Addressee&apos;s title</source>
        <translation type="unfinished">Teitl y derbynnydd</translation>
    </message>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="178"/>
        <source>Addressee&apos;s &amp;title</source>
        <translation type="unfinished">&amp;Teitl y derbynnydd</translation>
    </message>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="180"/>
        <location filename="../../widgets/letters_dialog.py" line="181"/>
        <source>Force</source>
        <translation type="unfinished">Heddlu</translation>
    </message>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="185"/>
        <location filename="../../widgets/letters_dialog.py" line="187"/>
        <source>Signed by</source>
        <translation type="unfinished">Llofnodwyd gan</translation>
    </message>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="189"/>
        <source>Problem with the letters</source>
        <translation type="unfinished">Problem gyda&apos;r llythyrau</translation>
    </message>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="193"/>
        <source>Letter preview</source>
        <translation type="unfinished">Rhagolwg o&apos;r llythyr</translation>
    </message>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="194"/>
        <source>Preview shows the first ticked letter here. Nothing is written.</source>
        <translation type="unfinished">Mae&apos;r rhagolwg yn dangos y llythyr cyntaf a diciwyd yma. Nid ysgrifennir dim.</translation>
    </message>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="197"/>
        <source>Preview of the letter&apos;s first page</source>
        <translation type="unfinished">Rhagolwg o dudalen gyntaf y llythyr</translation>
    </message>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="202"/>
        <source>Page</source>
        <translation type="unfinished">Tudalen</translation>
    </message>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="205"/>
        <source>Text of the letter</source>
        <translation type="unfinished">Testun y llythyr</translation>
    </message>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="206"/>
        <source>Text</source>
        <translation type="unfinished">Testun</translation>
    </message>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="236"/>
        <source>&amp;Write 1 letter…</source>
        <translation type="unfinished">&amp;Ysgrifennu 1 llythyr…</translation>
    </message>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="237"/>
        <source>&amp;Write {count} letters…</source>
        <translation type="unfinished">&amp;Ysgrifennu {count} llythyr…</translation>
    </message>
    <message>
        <location filename="../../widgets/letters_dialog.py" line="254"/>
        <source>{file_name}: case {case_ref}, to {addressee}, reply due {due}

{text}</source>
        <translation type="unfinished">{file_name}: achos {case_ref}, at {addressee}, ateb erbyn {due}

{text}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../widgets/main_window.py" line="293"/>
        <source>Fieldwork</source>
        <translation type="unfinished">Fieldwork</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="295"/>
        <location filename="../../widgets/main_window.py" line="644"/>
        <source>Views</source>
        <translation type="unfinished">Golygon</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="296"/>
        <source>Open an inspection (File ▸ Open, Ctrl+O), or the demo inspection (File ▸ Open demo).</source>
        <translation type="unfinished">Agorwch arolygiad (Ffeil ▸ Agor, Ctrl+O), neu&apos;r arolygiad demo (Ffeil ▸ Agor arolygiad demo).</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="373"/>
        <source>&amp;File</source>
        <translation type="unfinished">&amp;Ffeil</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="374"/>
        <source>&amp;New inspection…</source>
        <translation type="unfinished">Arolygiad &amp;newydd…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="375"/>
        <source>&amp;Open…</source>
        <translation type="unfinished">&amp;Agor…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="376"/>
        <source>Open &amp;recent</source>
        <translation type="unfinished">Agor &amp;diweddar</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="378"/>
        <source>Open &amp;demo inspection</source>
        <translation type="unfinished">Agor arolygiad de&amp;mo</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="379"/>
        <source>Open fieldwork &amp;package…</source>
        <translation type="unfinished">Agor &amp;pecyn gwaith maes…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="381"/>
        <source>Inspection de&amp;tails…</source>
        <translation type="unfinished">Manylion yr a&amp;rolygiad…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="383"/>
        <source>&amp;Import sample…</source>
        <translation type="unfinished">Mewnforio &amp;sampl…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="384"/>
        <source>Import &amp;gradings…</source>
        <translation type="unfinished">Mewnf&amp;orio graddau…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="387"/>
        <source>&amp;Export report tables…</source>
        <translation type="unfinished">Allforio &amp;tablau adroddiad…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="389"/>
        <source>Referral &amp;letters…</source>
        <translation type="unfinished">&amp;Llythyrau atgyfeirio…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="391"/>
        <source>&amp;Mark report final…</source>
        <translation type="unfinished">Mar&amp;cio&apos;r adroddiad yn derfynol…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="393"/>
        <source>Red&amp;act texts of the final report…</source>
        <translation type="unfinished">Gol&amp;ygu testunau&apos;r adroddiad terfynol…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="395"/>
        <source>Publish to &amp;headquarters…</source>
        <translation type="unfinished">Cy&amp;hoeddi i&apos;r pencadlys…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="398"/>
        <source>&amp;Back up now</source>
        <translation type="unfinished">Copi wrth &amp;gefn nawr</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="399"/>
        <source>Restore from bac&amp;kup…</source>
        <translation type="unfinished">Ad&amp;fer o gopi wrth gefn…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="401"/>
        <source>&amp;Quit</source>
        <translation type="unfinished">Gada&amp;el</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="403"/>
        <source>&amp;Edit</source>
        <translation type="unfinished">&amp;Golygu</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="404"/>
        <source>&amp;Undo</source>
        <translation type="unfinished">&amp;Dadwneud</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="405"/>
        <source>&amp;Redo</source>
        <translation type="unfinished">&amp;Ailwneud</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="407"/>
        <source>&amp;Find case</source>
        <translation type="unfinished">&amp;Canfod achos</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="408"/>
        <source>Case &amp;list</source>
        <translation type="unfinished">&amp;Rhestr achosion</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="410"/>
        <source>&amp;Case</source>
        <translation type="unfinished">&amp;Achos</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="411"/>
        <source>&amp;Next case</source>
        <translation type="unfinished">Achos &amp;nesaf</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="413"/>
        <source>&amp;Previous case</source>
        <translation type="unfinished">Achos &amp;blaenorol</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="416"/>
        <source>&amp;Grade</source>
        <translation type="unfinished">&amp;Gradd</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="417"/>
        <source>Go to &amp;notes</source>
        <translation type="unfinished">Mynd i&apos;r no&amp;diadau</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="419"/>
        <source>Serious &amp;concern on/off</source>
        <translation type="unfinished">&amp;Pryder difrifol ymlaen/i ffwrdd</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="422"/>
        <source>&amp;Refer back to force…</source>
        <translation type="unfinished">&amp;Atgyfeirio&apos;n ôl at yr heddlu…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="424"/>
        <source>&amp;Team</source>
        <translation type="unfinished">&amp;Tîm</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="427"/>
        <source>My &amp;identity card…</source>
        <translation type="unfinished">Fy ngherdyn &amp;adnabod…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="428"/>
        <source>&amp;Team members…</source>
        <translation type="unfinished">Aelodau&apos;r &amp;tîm…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="432"/>
        <source>&amp;Allocate and export fieldwork…</source>
        <translation type="unfinished">&amp;Dyrannu ac allforio gwaith maes…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="434"/>
        <source>&amp;Merge return packages…</source>
        <translation type="unfinished">&amp;Cyfuno pecynnau dychwelyd…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="436"/>
        <source>M&amp;oderation…</source>
        <translation type="unfinished">C&amp;ymedroli…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="438"/>
        <source>&amp;Conflicts between copies…</source>
        <translation type="unfinished">&amp;Gwrthdaro rhwng copïau…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="440"/>
        <source>A&amp;greement between graders…</source>
        <translation type="unfinished">Cytundeb &amp;rhwng graddwyr…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="442"/>
        <source>Export &amp;return package…</source>
        <translation type="unfinished">Allforio &amp;pecyn dychwelyd…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="447"/>
        <source>&amp;View</source>
        <translation type="unfinished">Gwe&amp;ld</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="448"/>
        <source>&amp;Cases</source>
        <translation type="unfinished">&amp;Achosion</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="448"/>
        <source>&amp;Referrals</source>
        <translation type="unfinished">A&amp;tgyfeiriadau</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="448"/>
        <source>Re&amp;port</source>
        <translation type="unfinished">A&amp;droddiad</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="451"/>
        <source>Force &amp;judgements</source>
        <translation type="unfinished">&amp;Barnau ar yr heddlu</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="452"/>
        <source>&amp;Language</source>
        <translation type="unfinished">&amp;Iaith</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="454"/>
        <source>&amp;Sort cases by</source>
        <translation type="unfinished">T&amp;refnu achosion yn ôl</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="456"/>
        <source>&amp;Help</source>
        <translation type="unfinished">&amp;Cymorth</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="457"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished">&amp;Llwybrau byr bysellfwrdd</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="458"/>
        <source>&amp;About Fieldwork</source>
        <translation type="unfinished">&amp;Ynghylch Fieldwork</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="463"/>
        <source>Follow the system</source>
        <translation type="unfinished">Dilyn y system</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="477"/>
        <source>The language changes when Fieldwork next starts.</source>
        <translation type="unfinished">Bydd yr iaith yn newid y tro nesaf y bydd Fieldwork yn cychwyn.</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="491"/>
        <source>Not graded</source>
        <translation type="unfinished">Heb ei raddio</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="513"/>
        <source>&amp;Descending order</source>
        <translation type="unfinished">Trefn ddi&amp;sgynnol</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="583"/>
        <source>Open inspection</source>
        <translation type="unfinished">Agor arolygiad</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="645"/>
        <source>Cases</source>
        <translation type="unfinished">Achosion</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="647"/>
        <source>Referrals</source>
        <translation type="unfinished">Atgyfeiriadau</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="648"/>
        <source>Report</source>
        <translation type="unfinished">Adroddiad</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="650"/>
        <source>Force judgements</source>
        <translation type="unfinished">Barnau ar yr heddlu</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="670"/>
        <source>{title} — {name} — Fieldwork</source>
        <translation type="unfinished">{title} — {name} — Fieldwork</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="748"/>
        <source>No inspection open.</source>
        <translation type="unfinished">Dim arolygiad ar agor.</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="794"/>
        <source>Import gradings</source>
        <translation type="unfinished">Mewnforio graddau</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="806"/>
        <source>Imported gradings from {file}: {added} new and {updated} updated assessment(s).</source>
        <translation type="unfinished">Mewnforiwyd graddau o {file}: {added} asesiad newydd a {updated} wedi&apos;u diweddaru.</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="818"/>
        <source>Writing the report tables ({format})…</source>
        <translation type="unfinished">Wrthi&apos;n ysgrifennu tablau&apos;r adroddiad ({format})…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="819"/>
        <source>The report tables were written to
{path}</source>
        <translation type="unfinished">Ysgrifennwyd tablau&apos;r adroddiad i
{path}</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="842"/>
        <source>Writing the referral letters…</source>
        <translation type="unfinished">Wrthi&apos;n ysgrifennu&apos;r llythyrau atgyfeirio…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="843"/>
        <source>Wrote {letters} letter(s) and {combined} in
{folder}
Each of those referrals is recorded as letter sent.</source>
        <translation type="unfinished">Ysgrifennwyd {letters} llythyr a {combined} yn
{folder}
Cofnodir bod llythyr wedi&apos;i anfon ar gyfer pob un o&apos;r atgyfeiriadau hynny.</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="863"/>
        <source>Raise &amp;query to the inspector…</source>
        <translation type="unfinished">Codi &amp;ymholiad i&apos;r arolygydd…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="866"/>
        <source>&amp;Queries…</source>
        <translation type="unfinished">Ymh&amp;oliadau…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="867"/>
        <source>Open &amp;queries package…</source>
        <translation type="unfinished">Agor p&amp;ecyn ymholiadau…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="868"/>
        <source>C&amp;hecks before hand-in…</source>
        <translation type="unfinished">Gw&amp;iriadau cyn cyflwyno…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="880"/>
        <source>Only the lead raises queries; answer the lead&apos;s queries in the case panel.</source>
        <translation type="unfinished">Dim ond yr arweinydd sy&apos;n codi ymholiadau; atebwch ymholiadau&apos;r arweinydd ym mhanel yr achos.</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="888"/>
        <source>Query on {ref} raised for {inspector}; it goes in their next fieldwork or queries package.</source>
        <translation type="unfinished">Codwyd ymholiad ar {ref} ar gyfer {inspector}; bydd yn mynd yn eu pecyn gwaith maes neu eu pecyn ymholiadau nesaf.</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="919"/>
        <source>Open queries package</source>
        <translation type="unfinished">Agor pecyn ymholiadau</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="943"/>
        <source>The checks before hand-in are already running.</source>
        <translation type="unfinished">Mae&apos;r gwiriadau cyn trosglwyddo eisoes yn rhedeg.</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="972"/>
        <source>Every check before hand-in is met.</source>
        <translation type="unfinished">Mae pob gwiriad cyn cyflwyno wedi&apos;i fodloni.</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="987"/>
        <source>Mark the report of {force} final?

After this no grade, note, concern or referral can change; the force&apos;s answers to referrals can still be recorded. This cannot be undone.</source>
        <translation type="unfinished">Marcio adroddiad {force} yn derfynol?

Ar ôl hyn ni all unrhyw radd, nodyn, pryder nac atgyfeiriad newid; gellir dal i gofnodi atebion yr heddlu i atgyfeiriadau. Ni ellir dadwneud hyn.</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="995"/>
        <source>The report was marked final by {by}.</source>
        <translation type="unfinished">Marciwyd yr adroddiad yn derfynol gan {by}.</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="1007"/>
        <source>Only a final report&apos;s texts are redacted: mark the report final first (File ▸ Mark report final…).</source>
        <translation type="unfinished">Dim ond testunau adroddiad terfynol a gaiff eu golygu: marciwch yr adroddiad yn derfynol yn gyntaf (Ffeil ▸ Marcio&apos;r adroddiad yn derfynol…).</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="1011"/>
        <source>Redact the texts of {name}?

Every evidence note, concern, referral summary and query becomes &quot;[redacted]&quot;; the report&apos;s tables and sentences do not change, and the audit keeps a hash of each text. This cannot be undone.</source>
        <translation type="unfinished">Golygu testunau {name}?

Bydd pob nodyn tystiolaeth, pryder, crynodeb atgyfeirio ac ymholiad yn troi&apos;n &quot;[redacted]&quot;; nid yw tablau a brawddegau&apos;r adroddiad yn newid, ac mae&apos;r log archwilio yn cadw stwnsh o bob testun. Ni ellir dadwneud hyn.</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="1020"/>
        <source>Redacted {texts} text(s) and {events} audit event(s).</source>
        <translation type="unfinished">Golygwyd {texts} testun a {events} digwyddiad archwilio.</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="1022"/>
        <source>{count} backup(s) taken before the redaction still hold the texts. Remove them now?</source>
        <translation type="unfinished">Mae {count} copi wrth gefn a wnaed cyn y golygu yn dal i gynnwys y testunau. Eu dileu nawr?</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="1025"/>
        <source>Removed {count} backup(s).</source>
        <translation type="unfinished">Dilëwyd {count} copi wrth gefn.</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="1027"/>
        <source>{count} older backup(s) still hold the texts.</source>
        <translation type="unfinished">Mae {count} copi wrth gefn hŷn yn dal i gynnwys y testunau.</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="1106"/>
        <source>{name} is not an inspector&apos;s copy opened from a fieldwork package, so there is no return package to write. The lead merges return packages with Team ▸ Merge return packages….</source>
        <translation type="unfinished">Nid copi arolygydd a agorwyd o becyn gwaith maes yw {name}, felly nid oes pecyn dychwelyd i&apos;w ysgrifennu. Mae&apos;r arweinydd yn cyfuno pecynnau dychwelyd drwy Tîm ▸ Cyfuno pecynnau dychwelyd….</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="1115"/>
        <source>Save return package</source>
        <translation type="unfinished">Cadw pecyn dychwelyd</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="1127"/>
        <source>Return package (revision {revision}, {changed_fields} changed field(s)) written to {written}.</source>
        <translation type="unfinished">Ysgrifennwyd pecyn dychwelyd (fersiwn {revision}, {changed_fields} maes wedi newid) i {written}.</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="1135"/>
        <source>Encrypted backup written: {target}</source>
        <translation type="unfinished">Ysgrifennwyd copi wrth gefn wedi&apos;i amgryptio: {target}</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="1170"/>
        <source>Undone: {text}</source>
        <translation type="unfinished">Dadwnaed: {text}</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="1176"/>
        <source>Redone: {text}</source>
        <translation type="unfinished">Ailwnaed: {text}</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="1215"/>
        <source>Fieldwork stays open: {error}</source>
        <translation type="unfinished">Mae Fieldwork yn aros ar agor: {error}</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="1219"/>
        <source>Your latest notes could not be saved, so Fieldwork stays open: {error}</source>
        <translation type="unfinished">Nid oedd modd cadw eich nodiadau diweddaraf, felly mae Fieldwork yn aros ar agor: {error}</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <location filename="../../widgets/import_wizard.py" line="269"/>
        <source>Match the columns</source>
        <translation type="unfinished">Paru&apos;r colofnau</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="270"/>
        <source>Each sample field is matched to a column of the file where its header was recognised.</source>
        <translation type="unfinished">Caiff pob maes sampl ei baru â cholofn yn y ffeil lle cafodd ei phennawd ei adnabod.</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="279"/>
        <source>Column for {field_labels}</source>
        <translation type="unfinished">Colofn ar gyfer {field_labels}</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="281"/>
        <source>{field_labels}{required}</source>
        <translation type="unfinished">{field_labels}{required}</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="284"/>
        <source>&amp;Load a saved mapping…</source>
        <translation type="unfinished">&amp;Llwytho mapio wedi&apos;i gadw…</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="286"/>
        <source>Sa&amp;ve this mapping…</source>
        <translation type="unfinished">C&amp;adw&apos;r mapio hwn…</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="312"/>
        <source>Saved mapping</source>
        <translation type="unfinished">Mapio wedi&apos;i gadw</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="320"/>
        <source>Save the mapping</source>
        <translation type="unfinished">Cadw&apos;r mapio</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="324"/>
        <source>Mapping saved to {name}.</source>
        <translation type="unfinished">Cadwyd y mapio i {name}.</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../widgets/merge_dialog.py" line="34"/>
        <source>Merge return packages</source>
        <translation type="unfinished">Cyfuno pecynnau dychwelyd</translation>
    </message>
    <message>
        <location filename="../../widgets/merge_dialog.py" line="38"/>
        <source>Return packages</source>
        <translation type="unfinished">Pecynnau dychwelyd</translation>
    </message>
    <message>
        <location filename="../../widgets/merge_dialog.py" line="39"/>
        <source>&amp;Add packages…</source>
        <translation type="unfinished">&amp;Ychwanegu pecynnau…</translation>
    </message>
    <message>
        <location filename="../../widgets/merge_dialog.py" line="40"/>
        <source>&amp;Merge</source>
        <translation type="unfinished">&amp;Cyfuno</translation>
    </message>
    <message>
        <location filename="../../widgets/merge_dialog.py" line="41"/>
        <source>Cancel merge</source>
        <translation type="unfinished">Canslo&apos;r cyfuno</translation>
    </message>
    <message>
        <location filename="../../widgets/merge_dialog.py" line="44"/>
        <source>Merge progress</source>
        <translation type="unfinished">Cynnydd cyfuno</translation>
    </message>
    <message>
        <location filename="../../widgets/merge_dialog.py" line="45"/>
        <source>Merge problem</source>
        <translation type="unfinished">Problem cyfuno</translation>
    </message>
    <message>
        <location filename="../../widgets/merge_dialog.py" line="49"/>
        <source>Merge report</source>
        <translation type="unfinished">Adroddiad cyfuno</translation>
    </message>
    <message>
        <location filename="../../widgets/merge_dialog.py" line="85"/>
        <source>{error} Nothing was merged.</source>
        <translation type="unfinished">{error} Ni chyfunwyd dim.</translation>
    </message>
    <message>
        <location filename="../../widgets/merge_dialog.py" line="87"/>
        <source>Merging… the window stays usable; Cancel rolls the merge back.</source>
        <translation type="unfinished">Wrthi&apos;n cyfuno… gellir defnyddio&apos;r ffenestr o hyd; mae Canslo yn dadwneud y cyfuno.</translation>
    </message>
    <message>
        <location filename="../../widgets/merge_dialog.py" line="97"/>
        <source>Cancelling… nothing of this merge is kept.</source>
        <translation type="unfinished">Wrthi&apos;n canslo… ni chedwir dim o&apos;r cyfuno hwn.</translation>
    </message>
    <message>
        <location filename="../../widgets/merge_dialog.py" line="102"/>
        <source>Nothing to merge.</source>
        <translation type="unfinished">Dim i&apos;w gyfuno.</translation>
    </message>
    <message>
        <location filename="../../widgets/merge_dialog.py" line="108"/>
        <source>{message} Nothing was merged.</source>
        <translation type="unfinished">{message} Ni chyfunwyd dim.</translation>
    </message>
    <message>
        <location filename="../../widgets/merge_dialog.py" line="111"/>
        <source>Merge cancelled; nothing was merged.</source>
        <translation type="unfinished">Canslwyd y cyfuno; ni chyfunwyd dim.</translation>
    </message>
    <message>
        <location filename="../../widgets/merge_dialog.py" line="115"/>
        <source>The merge stopped on an unexpected error ({summary}). Nothing was merged.</source>
        <translation type="unfinished">Daeth y cyfuno i ben oherwydd gwall annisgwyl ({summary}). Ni chyfunwyd dim.</translation>
    </message>
</context>
<context>
    <name>ModerationView</name>
    <message>
        <location filename="../../widgets/moderation_view.py" line="72"/>
        <source>Cases for moderation</source>
        <translation type="unfinished">Achosion i&apos;w cymedroli</translation>
    </message>
    <message>
        <location filename="../../widgets/moderation_view.py" line="76"/>
        <source>Agreed grade</source>
        <translation type="unfinished">Gradd gytunedig</translation>
    </message>
    <message>
        <location filename="../../widgets/moderation_view.py" line="81"/>
        <source>Rationale</source>
        <translation type="unfinished">Rhesymeg</translation>
    </message>
    <message>
        <location filename="../../widgets/moderation_view.py" line="82"/>
        <source>Why this is the agreed grade (recorded in the audit log)</source>
        <translation type="unfinished">Pam mai hon yw&apos;r radd gytunedig (wedi&apos;i chofnodi yn y log archwilio)</translation>
    </message>
    <message>
        <location filename="../../widgets/moderation_view.py" line="85"/>
        <source>&amp;Settle with this grade…</source>
        <translation type="unfinished">&amp;Cytuno ar y radd hon…</translation>
    </message>
    <message>
        <location filename="../../widgets/moderation_view.py" line="86"/>
        <source>Settle with this grade</source>
        <translation type="unfinished">Cytuno ar y radd hon</translation>
    </message>
    <message>
        <location filename="../../widgets/moderation_view.py" line="87"/>
        <source>&amp;Reopen…</source>
        <translation type="unfinished">&amp;Ailagor…</translation>
    </message>
    <message>
        <location filename="../../widgets/moderation_view.py" line="88"/>
        <source>Reopen moderation</source>
        <translation type="unfinished">Ailagor y cymedroli</translation>
    </message>
    <message>
        <location filename="../../widgets/moderation_view.py" line="90"/>
        <source>Settled moderation</source>
        <translation type="unfinished">Cymedroli wedi&apos;i gwblhau</translation>
    </message>
    <message>
        <location filename="../../widgets/moderation_view.py" line="93"/>
        <source>Moderation status</source>
        <translation type="unfinished">Statws cymedroli</translation>
    </message>
    <message>
        <location filename="../../widgets/moderation_view.py" line="101"/>
        <source>Agreed &amp;grade:</source>
        <translation type="unfinished">&amp;Gradd gytunedig:</translation>
    </message>
    <message>
        <location filename="../../widgets/moderation_view.py" line="110"/>
        <source>R&amp;ationale:</source>
        <translation type="unfinished">Rh&amp;esymeg:</translation>
    </message>
    <message>
        <location filename="../../widgets/moderation_view.py" line="167"/>
        <source>Settled by {by} as {grade}. Reopen to take the decision again.</source>
        <translation type="unfinished">Cytunwyd gan {by} fel {grade}. Ailagorwch i wneud y penderfyniad eto.</translation>
    </message>
    <message>
        <location filename="../../widgets/moderation_view.py" line="169"/>
        <source>Settled as {grade}. Reopen to take the decision again.</source>
        <translation type="unfinished">Cytunwyd fel {grade}. Ailagorwch i wneud y penderfyniad eto.</translation>
    </message>
    <message>
        <location filename="../../widgets/moderation_view.py" line="201"/>
        <source>{case_ref} settled as {label}. {count_text}</source>
        <translation type="unfinished">Cytunwyd ar {case_ref} fel {label}. {count_text}</translation>
    </message>
    <message>
        <location filename="../../widgets/moderation_view.py" line="221"/>
        <source>{case_ref} reopened. {count_text}</source>
        <translation type="unfinished">Ailagorwyd {case_ref}. {count_text}</translation>
    </message>
</context>
<context>
    <name>NewInspectionDialog</name>
    <message>
        <location filename="../../widgets/dialogs.py" line="245"/>
        <source>New inspection</source>
        <translation type="unfinished">Arolygiad newydd</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="248"/>
        <source>Force name</source>
        <translation type="unfinished">Enw&apos;r heddlu</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="249"/>
        <source>e.g. Gloucestershire Constabulary</source>
        <translation type="unfinished">e.e. Heddlu Swydd Gaerloyw</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="250"/>
        <source>&amp;Force name</source>
        <translation type="unfinished">Enw&apos;r &amp;heddlu</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="252"/>
        <source>The report calls it</source>
        <translation type="unfinished">Enw yn yr adroddiad</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="254"/>
        <source>The report calls it &amp;the…</source>
        <translation type="unfinished">Mae&apos;r adroddiad yn ei alw&apos;n &amp;y…</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="256"/>
        <source>Framework</source>
        <translation type="unfinished">Fframwaith</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="264"/>
        <source>F&amp;ramework</source>
        <translation type="unfinished">F&amp;framwaith</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="267"/>
        <source>What the framework grades</source>
        <translation type="unfinished">Beth mae&apos;r fframwaith yn ei raddio</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="274"/>
        <source>Problem</source>
        <translation type="unfinished">Problem</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="276"/>
        <source>Create</source>
        <translation type="unfinished">Creu</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="281"/>
        <source>Enter the force&apos;s name.</source>
        <translation type="unfinished">Rhowch enw&apos;r heddlu.</translation>
    </message>
</context>
<context>
    <name>OpenPackageDialog</name>
    <message>
        <location filename="../../widgets/open_package_dialog.py" line="38"/>
        <source>Open a fieldwork package</source>
        <translation type="unfinished">Agor pecyn gwaith maes</translation>
    </message>
    <message>
        <location filename="../../widgets/open_package_dialog.py" line="42"/>
        <source>Your lead gives you the fieldwork package and their identity card, and reads the card&apos;s fingerprint aloud. Fieldwork checks the package was signed by that card, then creates your own encrypted inspection file with the cases allocated to you.</source>
        <translation type="unfinished">Mae eich arweinydd yn rhoi&apos;r pecyn gwaith maes a&apos;u cerdyn adnabod i chi, ac yn darllen ôl bys y cerdyn yn uchel. Mae Fieldwork yn gwirio bod y pecyn wedi&apos;i lofnodi gan y cerdyn hwnnw, yna&apos;n creu eich ffeil arolygiad eich hun, wedi&apos;i hamgryptio, gyda&apos;r achosion a ddyrannwyd i chi.</translation>
    </message>
    <message>
        <location filename="../../widgets/open_package_dialog.py" line="49"/>
        <location filename="../../widgets/open_package_dialog.py" line="75"/>
        <source>Fieldwork package</source>
        <translation type="unfinished">Pecyn gwaith maes</translation>
    </message>
    <message>
        <location filename="../../widgets/open_package_dialog.py" line="50"/>
        <source>Fieldwork pac&amp;kage</source>
        <translation type="unfinished">&amp;Pecyn gwaith maes</translation>
    </message>
    <message>
        <location filename="../../widgets/open_package_dialog.py" line="52"/>
        <location filename="../../widgets/open_package_dialog.py" line="81"/>
        <source>Lead&apos;s identity card</source>
        <translation type="unfinished">Cerdyn adnabod yr arweinydd</translation>
    </message>
    <message>
        <location filename="../../widgets/open_package_dialog.py" line="53"/>
        <source>Lead&apos;s identity &amp;card</source>
        <translation type="unfinished">&amp;Cerdyn adnabod yr arweinydd</translation>
    </message>
    <message>
        <location filename="../../widgets/open_package_dialog.py" line="57"/>
        <source>Card</source>
        <translation type="unfinished">Cerdyn</translation>
    </message>
    <message>
        <location filename="../../widgets/open_package_dialog.py" line="60"/>
        <source>Lead&apos;s fingerprint read aloud</source>
        <translation type="unfinished">Ôl bys yr arweinydd a ddarllenwyd yn uchel</translation>
    </message>
    <message>
        <location filename="../../widgets/open_package_dialog.py" line="61"/>
        <source>type it as your lead reads it to you</source>
        <translation type="unfinished">teipiwch ef wrth i&apos;ch arweinydd ei ddarllen i chi</translation>
    </message>
    <message>
        <location filename="../../widgets/open_package_dialog.py" line="62"/>
        <source>Lead&apos;s &amp;fingerprint</source>
        <translation type="unfinished">&amp;Olion bysedd yr arweinydd</translation>
    </message>
    <message>
        <location filename="../../widgets/open_package_dialog.py" line="63"/>
        <source>Your new &amp;inspection file</source>
        <translation type="unfinished">Eich ffeil &amp;arolygiad newydd</translation>
    </message>
    <message>
        <location filename="../../widgets/open_package_dialog.py" line="64"/>
        <source>Problem</source>
        <translation type="unfinished">Problem</translation>
    </message>
    <message>
        <location filename="../../widgets/open_package_dialog.py" line="66"/>
        <source>Open package</source>
        <translation type="unfinished">Agor pecyn</translation>
    </message>
    <message>
        <location filename="../../widgets/open_package_dialog.py" line="98"/>
        <source>Choose the fieldwork package your lead gave you.</source>
        <translation type="unfinished">Dewiswch y pecyn gwaith maes a roddodd eich arweinydd i chi.</translation>
    </message>
    <message>
        <location filename="../../widgets/open_package_dialog.py" line="100"/>
        <source>There is no file at {path}.</source>
        <translation type="unfinished">Nid oes ffeil yn {path}.</translation>
    </message>
    <message>
        <location filename="../../widgets/open_package_dialog.py" line="103"/>
        <source>Choose your lead&apos;s identity card.</source>
        <translation type="unfinished">Dewiswch gerdyn adnabod eich arweinydd.</translation>
    </message>
    <message>
        <location filename="../../widgets/open_package_dialog.py" line="105"/>
        <source>Type the fingerprint your lead reads aloud.</source>
        <translation type="unfinished">Teipiwch yr olion bysedd y mae eich arweinydd yn eu darllen yn uchel.</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../widgets/dialogs.py" line="51"/>
        <source>Unlock inspection</source>
        <translation type="unfinished">Datgloi arolygiad</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="53"/>
        <source>Enter the passphrase of &lt;b&gt;{name}&lt;/b&gt;.</source>
        <translation type="unfinished">Rhowch gyfrinymadrodd &lt;b&gt;{name}&lt;/b&gt;.</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="56"/>
        <source>Unlock problem</source>
        <translation type="unfinished">Problem datgloi</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="62"/>
        <source>Passphrase</source>
        <translation type="unfinished">Cyfrinymadrodd</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="63"/>
        <source>&amp;Passphrase</source>
        <translation type="unfinished">&amp;Cyfrinymadrodd</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="64"/>
        <source>Unlock</source>
        <translation type="unfinished">Datgloi</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <location filename="../../widgets/import_wizard.py" line="402"/>
        <source>Check before importing</source>
        <translation type="unfinished">Gwirio cyn mewnforio</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="406"/>
        <source>Import summary</source>
        <translation type="unfinished">Crynodeb mewnforio</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="411"/>
        <source>Cases to import</source>
        <translation type="unfinished">Achosion i&apos;w mewnforio</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="415"/>
        <source>Problems (nothing is imported until there are none):</source>
        <translation type="unfinished">Problemau (ni chaiff dim ei fewnforio nes nad oes rhai ar ôl):</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="420"/>
        <source>Problems found</source>
        <translation type="unfinished">Problemau a ganfuwyd</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="423"/>
        <source>Warnings (the file is readable but something in it may be wrong):</source>
        <translation type="unfinished">Rhybuddion (gellir darllen y ffeil ond gallai rhywbeth ynddi fod yn anghywir):</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="428"/>
        <source>Warnings to accept</source>
        <translation type="unfinished">Rhybuddion i&apos;w derbyn</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="431"/>
        <source>I have checked each &amp;warning; import with them (they are kept in the audit log)</source>
        <translation type="unfinished">Rwyf wedi gwirio pob &amp;rhybudd; mewnforio gyda nhw (cânt eu cadw yn y log archwilio)</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="436"/>
        <source>Import progress</source>
        <translation type="unfinished">Cynnydd mewnforio</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="451"/>
        <source>Reading and checking every row of the file…</source>
        <translation type="unfinished">Wrthi&apos;n darllen a gwirio pob rhes o&apos;r ffeil…</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="464"/>
        <source>The file could not be read.</source>
        <translation type="unfinished">Nid oedd modd darllen y ffeil.</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="478"/>
        <source>{n} problem(s) found. Fix the file (or the matching) and try again; nothing was imported.</source>
        <translation type="unfinished">Canfuwyd {n} problem. Cywirwch y ffeil (neu&apos;r paru) a rhowch gynnig arall arni; ni fewnforiwyd dim.</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="480"/>
        <source>{drafts} case(s) ready to import ({how}), with {warnings} warning(s) to check and accept first.</source>
        <translation type="unfinished">{drafts} achos yn barod i&apos;w mewnforio ({how}), gyda {warnings} rhybudd i&apos;w gwirio a&apos;u derbyn yn gyntaf.</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="482"/>
        <source>{drafts} case(s) ready to import ({how}).</source>
        <translation type="unfinished">{drafts} achos yn barod i&apos;w mewnforio ({how}).</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="513"/>
        <source>Importing… Cancel stops it and imports nothing.</source>
        <translation type="unfinished">Wrthi&apos;n mewnforio… Mae Canslo yn ei atal, ac ni chaiff dim ei fewnforio.</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="544"/>
        <source>Nothing was imported.</source>
        <translation type="unfinished">Ni fewnforiwyd dim.</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="547"/>
        <source>Import cancelled; nothing was imported.</source>
        <translation type="unfinished">Canslwyd y mewnforio; ni fewnforiwyd dim.</translation>
    </message>
</context>
<context>
    <name>PublishDialog</name>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="60"/>
        <location filename="../../widgets/publish_dialog.py" line="61"/>
        <source>Publish to headquarters</source>
        <translation type="unfinished">Cyhoeddi i&apos;r pencadlys</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="64"/>
        <source>The inspection&apos;s cases, referrals and agreement figures go to the headquarters PostgreSQL database, without evidence notes. Nothing is sent until you press Publish.</source>
        <translation type="unfinished">Mae achosion, atgyfeiriadau a ffigurau cytundeb yr arolygiad yn mynd i gronfa ddata PostgreSQL y pencadlys, heb nodiadau tystiolaeth. Ni anfonir dim nes i chi bwyso Cyhoeddi.</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="71"/>
        <source>postgresql://user@hq.example.org/fieldwork?sslmode=verify-full</source>
        <translation type="unfinished">postgresql://user@hq.example.org/fieldwork?sslmode=verify-full</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="72"/>
        <source>Connection string</source>
        <translation type="unfinished">Llinyn cysylltu</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="75"/>
        <source>Password</source>
        <translation type="unfinished">Cyfrinair</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="76"/>
        <source>asked for this publication only; never kept</source>
        <translation type="unfinished">gofynnir amdano ar gyfer y cyhoeddiad hwn yn unig; ni chaiff ei gadw</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="77"/>
        <source>Allow an &amp;unencrypted connection (not recommended)</source>
        <translation type="unfinished">Caniatáu cysylltiad &amp;heb ei amgryptio (ni argymhellir)</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="78"/>
        <source>Send to a server on the network without verified TLS (sslmode=verify-full); the command line&apos;s --insecure.</source>
        <translation type="unfinished">Anfon at weinydd ar y rhwydwaith heb TLS wedi&apos;i wirio (sslmode=verify-full); --insecure y llinell orchymyn.</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="80"/>
        <source>Connection warning</source>
        <translation type="unfinished">Rhybudd cysylltu</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="82"/>
        <source>&amp;Connection string:</source>
        <translation type="unfinished">&amp;Llinyn cysylltu:</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="83"/>
        <source>Pass&amp;word:</source>
        <translation type="unfinished">&amp;Cyfrinair:</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="87"/>
        <source>What will be published</source>
        <translation type="unfinished">Beth a gyhoeddir</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="96"/>
        <source>Force:</source>
        <translation type="unfinished">Heddlu:</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="96"/>
        <source>Framework:</source>
        <translation type="unfinished">Fframwaith:</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="97"/>
        <source>Year:</source>
        <translation type="unfinished">Blwyddyn:</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="97"/>
        <source>Cases:</source>
        <translation type="unfinished">Achosion:</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="98"/>
        <source>Report:</source>
        <translation type="unfinished">Adroddiad:</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="98"/>
        <source>Grading:</source>
        <translation type="unfinished">Graddio:</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="103"/>
        <source>Publishing progress</source>
        <translation type="unfinished">Cynnydd y cyhoeddi</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="106"/>
        <source>Publishing status</source>
        <translation type="unfinished">Statws y cyhoeddi</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="107"/>
        <source>&amp;Publish</source>
        <translation type="unfinished">C&amp;yhoeddi</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="109"/>
        <source>Cancel publishing</source>
        <translation type="unfinished">Canslo&apos;r cyhoeddi</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="111"/>
        <source>Close</source>
        <translation type="unfinished">Cau</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="150"/>
        <source>Final (marked by {by} on {at})</source>
        <translation type="unfinished">Terfynol (marciwyd gan {by} ar {at})</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="153"/>
        <source>Not marked final</source>
        <translation type="unfinished">Heb ei farcio&apos;n derfynol</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="158"/>
        <source>Every case has a settled grade; none awaits moderation.</source>
        <translation type="unfinished">Mae gradd gytunedig gan bob achos; nid oes yr un yn aros am gymedroli.</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="185"/>
        <source>Give the headquarters database&apos;s connection string, for example postgresql://user@hq.example.org/fieldwork?sslmode=verify-full.</source>
        <translation type="unfinished">Rhowch linyn cysylltu cronfa ddata&apos;r pencadlys, er enghraifft postgresql://user@hq.example.org/fieldwork?sslmode=verify-full.</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="195"/>
        <source>Publishing… Cancel before it finishes leaves headquarters unchanged.</source>
        <translation type="unfinished">Wrthi&apos;n cyhoeddi… Os canslwch cyn iddo orffen, ni fydd y pencadlys yn newid.</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="208"/>
        <source>Cancelling… headquarters keeps what it had.</source>
        <translation type="unfinished">Wrthi&apos;n canslo… mae&apos;r pencadlys yn cadw&apos;r hyn oedd ganddo.</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="224"/>
        <source>{label}: version {version} is already published; nothing changed.</source>
        <translation type="unfinished">{label}: mae fersiwn {version} wedi&apos;i chyhoeddi eisoes; ni newidiodd dim.</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="227"/>
        <source>{label}: version {version} published again ({cases} cases).</source>
        <translation type="unfinished">{label}: cyhoeddwyd fersiwn {version} eto ({cases} achos).</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="230"/>
        <source>{label}: version {version} replaces version {previous} ({cases} cases).</source>
        <translation type="unfinished">{label}: mae fersiwn {version} yn disodli fersiwn {previous} ({cases} achos).</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="233"/>
        <source>{label}: published version {version} ({cases} cases).</source>
        <translation type="unfinished">{label}: cyhoeddwyd fersiwn {version} ({cases} achos).</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="239"/>
        <source>Here: tick “Allow an unencrypted connection”.</source>
        <translation type="unfinished">Yma: ticiwch “Caniatáu cysylltiad heb ei amgryptio”.</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="243"/>
        <source>Publishing cancelled; headquarters is unchanged.</source>
        <translation type="unfinished">Canslwyd y cyhoeddi; nid yw&apos;r pencadlys wedi newid.</translation>
    </message>
    <message>
        <location filename="../../widgets/publish_dialog.py" line="246"/>
        <source>Publishing stopped on an unexpected error ({summary}); headquarters is unchanged.</source>
        <translation type="unfinished">Daeth y cyhoeddi i ben oherwydd gwall annisgwyl ({summary}); nid yw&apos;r pencadlys wedi newid.</translation>
    </message>
</context>
<context>
    <name>QueriesView</name>
    <message>
        <location filename="../../widgets/queries.py" line="247"/>
        <source>Show &amp;closed queries</source>
        <translation type="unfinished">Dangos ymholiadau &amp;caeedig</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="248"/>
        <source>Show closed queries</source>
        <translation type="unfinished">Dangos ymholiadau caeedig</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="253"/>
        <source>Queries in all</source>
        <translation type="unfinished">Pob ymholiad</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="258"/>
        <source>Queries</source>
        <translation type="unfinished">Ymholiadau</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="269"/>
        <source>&amp;Open case</source>
        <translation type="unfinished">&amp;Agor achos</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="270"/>
        <source>Close &amp;query</source>
        <translation type="unfinished">Cau&apos;r &amp;ymholiad</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="271"/>
        <source>&amp;Export queries for an inspector…</source>
        <translation type="unfinished">All&amp;forio ymholiadau ar gyfer arolygydd…</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="278"/>
        <source>Queries status</source>
        <translation type="unfinished">Statws ymholiadau</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="281"/>
        <source>Problem with the queries</source>
        <translation type="unfinished">Problem gyda&apos;r ymholiadau</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="300"/>
        <source>{waiting} awaiting an answer, {answered} answered and not yet closed</source>
        <translation type="unfinished">{waiting} yn aros am ateb, {answered} wedi&apos;u hateb ond heb eu cau eto</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="338"/>
        <source>Closed the query on {case_ref}.</source>
        <translation type="unfinished">Caewyd yr ymholiad ar {case_ref}.</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="346"/>
        <source>Export queries</source>
        <translation type="unfinished">Allforio ymholiadau</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="346"/>
        <source>Queries for</source>
        <translation type="unfinished">Ymholiadau ar gyfer</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="351"/>
        <source>Save queries package</source>
        <translation type="unfinished">Cadw pecyn ymholiadau</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="363"/>
        <source>{count} query(ies) for {inspector} written to {target}.</source>
        <translation type="unfinished">Ysgrifennwyd {count} ymholiad ar gyfer {inspector} i {target}.</translation>
    </message>
</context>
<context>
    <name>QueryTableModel</name>
    <message>
        <location filename="../../widgets/queries.py" line="230"/>
        <source>Yes</source>
        <translation type="unfinished">Ie</translation>
    </message>
</context>
<context>
    <name>RaiseQueryDialog</name>
    <message>
        <location filename="../../widgets/queries.py" line="58"/>
        <source>Query on {ref}</source>
        <translation type="unfinished">Ymholiad ar {ref}</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="59"/>
        <source>Raise a query</source>
        <translation type="unfinished">Codi ymholiad</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="61"/>
        <source>Ask about the work on case {ref}. The query goes to the inspector in the next fieldwork or queries package, and their answer comes back in their return package.</source>
        <translation type="unfinished">Gofynnwch am y gwaith ar achos {ref}. Bydd yr ymholiad yn mynd i&apos;r arolygydd yn y pecyn gwaith maes neu&apos;r pecyn ymholiadau nesaf, a daw eu hateb yn ôl yn eu pecyn dychwelyd.</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="66"/>
        <source>Inspector queried</source>
        <translation type="unfinished">Arolygydd a holir</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="69"/>
        <source>&amp;Inspector</source>
        <translation type="unfinished">&amp;Arolygydd</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="73"/>
        <source>The query</source>
        <translation type="unfinished">Yr ymholiad</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="74"/>
        <source>For example: the strategy discussion came a week late; is this really requiring improvement?</source>
        <translation type="unfinished">Er enghraifft: cafwyd y drafodaeth strategaeth wythnos yn hwyr; ai angen gwella yw hyn mewn gwirionedd?</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="76"/>
        <source>&amp;Query</source>
        <translation type="unfinished">&amp;Ymholiad</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="77"/>
        <source>Please &amp;re-grade</source>
        <translation type="unfinished">Gofyn am &amp;ailraddio</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="78"/>
        <source>Please re-grade</source>
        <translation type="unfinished">Gofyn am ailraddio</translation>
    </message>
    <message>
        <location filename="../../widgets/queries.py" line="81"/>
        <source>Raise query</source>
        <translation type="unfinished">Codi ymholiad</translation>
    </message>
</context>
<context>
    <name>ReadingPage</name>
    <message>
        <location filename="../../widgets/import_wizard.py" line="179"/>
        <source>How the file is read</source>
        <translation type="unfinished">Sut mae&apos;r ffeil yn cael ei darllen</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="180"/>
        <source>Found by looking at the file; change anything that is wrong.</source>
        <translation type="unfinished">Canfuwyd drwy edrych ar y ffeil; newidiwch unrhyw beth sy&apos;n anghywir.</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="185"/>
        <source>Sheet to read</source>
        <translation type="unfinished">Taflen i&apos;w darllen</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="186"/>
        <source>&amp;Sheet:</source>
        <translation type="unfinished">&amp;Dalen:</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="189"/>
        <source>Row holding the column names</source>
        <translation type="unfinished">Rhes sy&apos;n dal enwau&apos;r colofnau</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="190"/>
        <source>&amp;Header row:</source>
        <translation type="unfinished">Rhes y &amp;pennawd:</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="192"/>
        <source>Encoding</source>
        <translation type="unfinished">Amgodiad</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="193"/>
        <source>Encoding:</source>
        <translation type="unfinished">Amgodiad:</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="196"/>
        <source>Columns separated by</source>
        <translation type="unfinished">Colofnau wedi&apos;u gwahanu gan</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="199"/>
        <source>Columns &amp;separated by:</source>
        <translation type="unfinished">Colofnau wedi&apos;u &amp;gwahanu gan:</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="200"/>
        <source>Import rows &amp;hidden in Excel (under a filter) too</source>
        <translation type="unfinished">Mewnforio rhesi sydd &amp;wedi&apos;u cuddio yn Excel (o dan hidlydd) hefyd</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="205"/>
        <source>What was found</source>
        <translation type="unfinished">Beth a ganfuwyd</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="253"/>
        <source>Reading the file…</source>
        <translation type="unfinished">Wrthi&apos;n darllen y ffeil…</translation>
    </message>
</context>
<context>
    <name>ReferralDialog</name>
    <message>
        <location filename="../../widgets/referrals.py" line="51"/>
        <source>Refer {ref} back to the force</source>
        <translation type="unfinished">Atgyfeirio {ref} yn ôl at yr heddlu</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="52"/>
        <source>Refer back to force</source>
        <translation type="unfinished">Atgyfeirio&apos;n ôl at yr heddlu</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="54"/>
        <source>Case {ref} shows a serious concern. The force will be asked to respond.</source>
        <translation type="unfinished">Mae achos {ref} yn dangos pryder difrifol. Gofynnir i&apos;r heddlu ymateb.</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="59"/>
        <source>Referral reason</source>
        <translation type="unfinished">Rheswm dros atgyfeirio</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="62"/>
        <source>&amp;Reason</source>
        <translation type="unfinished">&amp;Rheswm</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="65"/>
        <source>Summary of the concern</source>
        <translation type="unfinished">Crynodeb o&apos;r pryder</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="66"/>
        <source>What was found, and why the child may be at risk</source>
        <translation type="unfinished">Beth a ganfuwyd, a pham y gallai&apos;r plentyn fod mewn perygl</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="67"/>
        <source>&amp;Summary of the concern</source>
        <translation type="unfinished">&amp;Crynodeb o&apos;r pryder</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="71"/>
        <source>Date raised</source>
        <translation type="unfinished">Dyddiad codi</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="72"/>
        <source>&amp;Date</source>
        <translation type="unfinished">&amp;Dyddiad</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="81"/>
        <source>Refer back</source>
        <translation type="unfinished">Atgyfeirio&apos;n ôl</translation>
    </message>
</context>
<context>
    <name>ReferralTableModel</name>
    <message>
        <location filename="../../widgets/referrals.py" line="189"/>
        <source>Withdrawn ({on}): {reason}</source>
        <translation type="unfinished">Tynnwyd yn ôl ({on}): {reason}</translation>
    </message>
</context>
<context>
    <name>ReferralsView</name>
    <message>
        <location filename="../../widgets/referrals.py" line="207"/>
        <source>Referrals</source>
        <translation type="unfinished">Atgyfeiriadau</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="215"/>
        <source>Mark &amp;letter sent</source>
        <translation type="unfinished">&amp;Llythyr wedi&apos;i anfon</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="216"/>
        <source>Record force&apos;s &amp;response…</source>
        <translation type="unfinished">Cofnodi &amp;ymateb yr heddlu…</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="217"/>
        <source>Close re&amp;ferral…</source>
        <translation type="unfinished">Cau&apos;r &amp;atgyfeiriad…</translation>
    </message>
    <message>
        <location filename="../../widgets/referrals.py" line="218"/>
        <source>&amp;Withdraw…</source>
        <translation type="unfinished">&amp;Tynnu&apos;n ôl…</translation>
    </message>
</context>
<context>
    <name>ReportView</name>
    <message>
        <location filename="../../widgets/report_view.py" line="107"/>
        <source>Report</source>
        <translation type="unfinished">Adroddiad</translation>
    </message>
    <message>
        <location filename="../../widgets/report_view.py" line="108"/>
        <source>Report actions</source>
        <translation type="unfinished">Camau adroddiad</translation>
    </message>
    <message>
        <location filename="../../widgets/report_view.py" line="115"/>
        <source>Report tables and narrative</source>
        <translation type="unfinished">Tablau adroddiad a naratif</translation>
    </message>
    <message>
        <location filename="../../widgets/report_view.py" line="127"/>
        <location filename="../../widgets/report_view.py" line="128"/>
        <source>Chart of grades by case type</source>
        <translation type="unfinished">Siart o raddau fesul math o achos</translation>
    </message>
    <message>
        <location filename="../../widgets/report_view.py" line="134"/>
        <source>Progress</source>
        <translation type="unfinished">Cynnydd</translation>
    </message>
    <message>
        <location filename="../../widgets/report_view.py" line="135"/>
        <location filename="../../widgets/report_view.py" line="140"/>
        <source>Grading progress</source>
        <translation type="unfinished">Cynnydd graddio</translation>
    </message>
    <message>
        <location filename="../../widgets/report_view.py" line="142"/>
        <location filename="../../widgets/report_view.py" line="143"/>
        <source>Agreement between graders</source>
        <translation type="unfinished">Cytundeb rhwng graddwyr</translation>
    </message>
    <message>
        <location filename="../../widgets/report_view.py" line="146"/>
        <source>Agreement statistics: confusion matrix and weighted kappa</source>
        <translation type="unfinished">Ystadegau cytundeb: matrics dryswch a kappa wedi&apos;i bwysoli</translation>
    </message>
    <message>
        <location filename="../../widgets/report_view.py" line="158"/>
        <source>About the agreement statistics</source>
        <translation type="unfinished">Ynghylch yr ystadegau cytundeb</translation>
    </message>
    <message>
        <location filename="../../widgets/report_view.py" line="167"/>
        <source>Chart, progress and agreement</source>
        <translation type="unfinished">Siart, cynnydd a chytundeb</translation>
    </message>
    <message>
        <location filename="../../widgets/report_view.py" line="203"/>
        <source>No case has been graded twice, or self-assessed and graded, yet.</source>
        <translation type="unfinished">Nid oes unrhyw achos wedi&apos;i raddio ddwywaith, na&apos;i hunanasesu a&apos;i raddio, eto.</translation>
    </message>
</context>
<context>
    <name>SampleImportWizard</name>
    <message>
        <location filename="../../widgets/import_wizard.py" line="572"/>
        <location filename="../../widgets/import_wizard.py" line="573"/>
        <source>Import the case sample</source>
        <translation type="unfinished">Mewnforio sampl yr achosion</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="582"/>
        <source>&amp;Import</source>
        <translation type="unfinished">&amp;Mewnforio</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="679"/>
        <source>Cancelling… nothing of this import is kept.</source>
        <translation type="unfinished">Wrthi&apos;n canslo… ni chedwir dim o&apos;r mewnforio hwn.</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="698"/>
        <source>Reading the file as the mapping says…</source>
        <translation type="unfinished">Wrthi&apos;n darllen y ffeil fel y dywed y mapio…</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../widgets/shortcuts_dialog.py" line="106"/>
        <location filename="../../widgets/shortcuts_dialog.py" line="107"/>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished">Llwybrau byr bysellfwrdd</translation>
    </message>
    <message>
        <location filename="../../widgets/shortcuts_dialog.py" line="109"/>
        <source>Everything in Fieldwork can be done from the keyboard. Commands marked “menu only” are reached with Alt and the underlined letters of their menu.</source>
        <translation type="unfinished">Gellir gwneud popeth yn Fieldwork o&apos;r bysellfwrdd. Cyrhaeddir gorchmynion sydd wedi&apos;u marcio “menu only” gydag Alt a llythrennau tanlinellog eu dewislen.</translation>
    </message>
    <message>
        <location filename="../../widgets/shortcuts_dialog.py" line="116"/>
        <source>Shortcuts</source>
        <translation type="unfinished">Llwybrau byr</translation>
    </message>
</context>
<context>
    <name>TeamMembersDialog</name>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="93"/>
        <location filename="../../widgets/team_members_dialog.py" line="97"/>
        <source>Team members</source>
        <translation type="unfinished">Aelodau&apos;r tîm</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="98"/>
        <source>Name</source>
        <translation type="unfinished">Enw</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="98"/>
        <source>Role</source>
        <translation type="unfinished">Rôl</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="98"/>
        <source>Fingerprint</source>
        <translation type="unfinished">Ôl bys</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="98"/>
        <source>Status</source>
        <translation type="unfinished">Statws</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="100"/>
        <source>&amp;Revoke selected card…</source>
        <translation type="unfinished">&amp;Dirymu&apos;r cerdyn a ddewiswyd…</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="101"/>
        <source>Add &amp;my own card</source>
        <translation type="unfinished">Ychwanegu &amp;fy ngherdyn fy hun</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="104"/>
        <source>Identity card file</source>
        <translation type="unfinished">Ffeil cerdyn adnabod</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="105"/>
        <location filename="../../widgets/team_members_dialog.py" line="192"/>
        <source>Choose the card file the team member handed you.</source>
        <translation type="unfinished">Dewiswch y ffeil cerdyn a roddodd aelod y tîm i chi.</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="108"/>
        <source>Card</source>
        <translation type="unfinished">Cerdyn</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="110"/>
        <source>Fingerprint read aloud</source>
        <translation type="unfinished">Ôl bys a ddarllenwyd yn uchel</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="111"/>
        <source>type it as its owner reads it to you</source>
        <translation type="unfinished">teipiwch ef wrth i&apos;w berchennog ei ddarllen i chi</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="112"/>
        <source>Re&amp;gister card</source>
        <translation type="unfinished">&amp;Cofrestru cerdyn</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="113"/>
        <source>Team status</source>
        <translation type="unfinished">Statws y tîm</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="116"/>
        <source>&amp;Card file</source>
        <translation type="unfinished">Ffeil y &amp;cerdyn</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="118"/>
        <source>&amp;Fingerprint read aloud</source>
        <translation type="unfinished">&amp;Olion bysedd a ddarllenwyd yn uchel</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="164"/>
        <source>Identity card</source>
        <translation type="unfinished">Cerdyn adnabod</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="182"/>
        <source>Choose a readable identity card first.</source>
        <translation type="unfinished">Dewiswch gerdyn adnabod darllenadwy yn gyntaf.</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="189"/>
        <source>Registered {name} ({role}).</source>
        <translation type="unfinished">Cofrestrwyd {name} ({role}).</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="201"/>
        <source>Registered your own card ({name}, {role}).</source>
        <translation type="unfinished">Cofrestrwyd eich cerdyn eich hun ({name}, {role}).</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="217"/>
        <source>Revoked {name}&apos;s card.</source>
        <translation type="unfinished">Dirymwyd cerdyn {name}.</translation>
    </message>
</context>
<context>
    <name>ValuesPage</name>
    <message>
        <location filename="../../widgets/import_wizard.py" line="335"/>
        <source>Match the force&apos;s words</source>
        <translation type="unfinished">Paru geiriau&apos;r heddlu</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="355"/>
        <source>Reading the file…</source>
        <translation type="unfinished">Wrthi&apos;n darllen y ffeil…</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="370"/>
        <source>{field_labels} meant by &apos;{word}&apos;</source>
        <translation type="unfinished">{field_labels} a olygir gan &apos;{word}&apos;</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="376"/>
        <source>&apos;{word}&apos; in column &apos;{column}&apos; means:</source>
        <translation type="unfinished">Mae &apos;{word}&apos; yng ngholofn &apos;{column}&apos; yn golygu:</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="379"/>
        <source>Each word below is not one the framework knows; say what it means, or leave it unmatched and fix the file.</source>
        <translation type="unfinished">Nid yw&apos;r fframwaith yn adnabod y geiriau isod; nodwch beth maen nhw&apos;n ei olygu, neu gadewch nhw heb eu paru a chywirwch y ffeil.</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="382"/>
        <source>Match the columns first: {detail}</source>
        <translation type="unfinished">Parwch y colofnau yn gyntaf: {detail}</translation>
    </message>
    <message>
        <location filename="../../widgets/import_wizard.py" line="384"/>
        <source>Every value in the file was recognised.</source>
        <translation type="unfinished">Cafodd pob gwerth yn y ffeil ei adnabod.</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="128"/>
        <source>Welcome to Fieldwork</source>
        <translation type="unfinished">Croeso i Fieldwork</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="134"/>
        <source>Fieldwork keeps each inspection in one encrypted file on this laptop and works without a network. Tell us who you are; your name is recorded against every grade and note you make.</source>
        <translation type="unfinished">Mae Fieldwork yn cadw pob arolygiad mewn un ffeil wedi&apos;i hamgryptio ar y gliniadur hwn ac yn gweithio heb rwydwaith. Dywedwch wrthym pwy ydych chi; caiff eich enw ei gofnodi yn erbyn pob gradd a nodyn a wnewch.</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="140"/>
        <source>e.g. Sam Inspector</source>
        <translation type="unfinished">e.e. Sam Arolygydd</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="141"/>
        <source>Your name</source>
        <translation type="unfinished">Eich enw</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="145"/>
        <source>Your role</source>
        <translation type="unfinished">Eich rôl</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="147"/>
        <source>&amp;Your name:</source>
        <translation type="unfinished">&amp;Eich enw:</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="148"/>
        <source>&amp;Role:</source>
        <translation type="unfinished">&amp;Rôl:</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="158"/>
        <source>Open the &amp;demo inspection</source>
        <translation type="unfinished">Agor yr arolygiad &amp;demo</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="159"/>
        <source>Open a fieldwork &amp;package…</source>
        <translation type="unfinished">Agor &amp;pecyn gwaith maes…</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="160"/>
        <source>&amp;Later</source>
        <translation type="unfinished">&amp;Wedyn</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="205"/>
        <source>Please enter your name first.</source>
        <translation type="unfinished">Rhowch eich enw yn gyntaf.</translation>
    </message>
</context>
<context>
    <name>allocation_dialog</name>
    <message>
        <location filename="../../widgets/allocation_dialog.py" line="116"/>
        <source>Wrote {paths} fieldwork package(s) to {folder}.</source>
        <translation type="unfinished">Ysgrifennwyd {paths} pecyn gwaith maes i {folder}.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../desktop/app.py" line="93"/>
        <source>Unlock your identity</source>
        <translation type="unfinished">Datgloi eich hunaniaeth</translation>
    </message>
</context>
<context>
    <name>dialogs</name>
    <message>
        <location filename="../../widgets/dialogs.py" line="82"/>
        <source>Browse…</source>
        <translation type="unfinished">Pori…</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="83"/>
        <source>Browse for {lower}</source>
        <translation type="unfinished">Pori am {lower}</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="109"/>
        <source>Inspection file</source>
        <translation type="unfinished">Ffeil arolygiad</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="110"/>
        <source>&amp;Passphrase</source>
        <translation type="unfinished">&amp;Cyfrinymadrodd</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="110"/>
        <source>Passphrase</source>
        <translation type="unfinished">Cyfrinymadrodd</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="111"/>
        <source>R&amp;epeat passphrase</source>
        <translation type="unfinished">A&amp;iladrodd y cyfrinymadrodd</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="111"/>
        <source>Repeat passphrase</source>
        <translation type="unfinished">Ailadrodd y cyfrinymadrodd</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="112"/>
        <source>New inspection file</source>
        <translation type="unfinished">Ffeil arolygiad newydd</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="112"/>
        <source>Inspections (*.fieldwork)</source>
        <translation type="unfinished">Arolygiadau (*.fieldwork)</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="113"/>
        <source>Choose where to save the inspection file.</source>
        <translation type="unfinished">Dewiswch ble i gadw ffeil yr arolygiad.</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="114"/>
        <source>{path} already exists; choose a new file name.</source>
        <translation type="unfinished">Mae {path} yn bodoli eisoes; dewiswch enw ffeil newydd.</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="115"/>
        <source>The two passphrases differ.</source>
        <translation type="unfinished">Mae&apos;r ddau gyfrinymadrodd yn wahanol.</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="127"/>
        <source>F&amp;ile</source>
        <translation type="unfinished">&amp;Ffeil</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="208"/>
        <source>Fieldwork &amp;dates (documents carry the year they end in)</source>
        <translation type="unfinished">&amp;Dyddiadau gwaith maes (mae dogfennau&apos;n dwyn y flwyddyn y maent yn dod i ben ynddi)</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="209"/>
        <source>Fieldwork dates</source>
        <translation type="unfinished">Dyddiadau gwaith maes</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="215"/>
        <source>Fir&amp;st day</source>
        <translation type="unfinished">Diwrnod c&amp;yntaf</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="216"/>
        <source>&amp;Last day</source>
        <translation type="unfinished">Diwrnod o&amp;laf</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="236"/>
        <source>The last day of the inspection comes before its first day.</source>
        <translation type="unfinished">Mae diwrnod olaf yr arolygiad yn dod cyn ei ddiwrnod cyntaf.</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="342"/>
        <source>Problem</source>
        <translation type="unfinished">Problem</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="346"/>
        <location filename="../../widgets/dialogs.py" line="350"/>
        <source>Unexpected error</source>
        <translation type="unfinished">Gwall annisgwyl</translation>
    </message>
    <message>
        <location filename="../../widgets/dialogs.py" line="347"/>
        <source>Something went wrong inside Fieldwork. Your saved work is safe in the inspection file.

{summary}</source>
        <translation type="unfinished">Aeth rhywbeth o&apos;i le yn Fieldwork. Mae eich gwaith a gadwyd yn ddiogel yn y ffeil arolygiad.

{summary}</translation>
    </message>
</context>
<context>
    <name>export_ui</name>
    <message>
        <location filename="../../widgets/export_ui.py" line="42"/>
        <source>Export report tables</source>
        <translation type="unfinished">Allforio tablau adroddiad</translation>
    </message>
    <message>
        <location filename="../../widgets/export_ui.py" line="48"/>
        <source>Folder for the referral letters</source>
        <translation type="unfinished">Ffolder ar gyfer y llythyrau atgyfeirio</translation>
    </message>
</context>
<context>
    <name>main_window</name>
    <message>
        <location filename="../../widgets/main_window.py" line="619"/>
        <source>Created {name} with your {cases} allocated case(s).</source>
        <translation type="unfinished">Crëwyd {name} gyda&apos;ch {cases} achos a ddyrannwyd.</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="1143"/>
        <source>Daily encrypted backup written: {name}</source>
        <translation type="unfinished">Ysgrifennwyd copi wrth gefn dyddiol wedi&apos;i amgryptio: {name}</translation>
    </message>
</context>
<context>
    <name>report_view</name>
    <message>
        <location filename="../../widgets/report_view.py" line="80"/>
        <source>Inspectorate grades by case type (Table {n})</source>
        <translation type="unfinished">Graddau&apos;r arolygiaeth yn ôl math o achos (Tabl {n})</translation>
    </message>
    <message>
        <location filename="../../widgets/report_view.py" line="81"/>
        <source>Inspectorate grades by case type (Tables {first}–{last})</source>
        <translation type="unfinished">Graddau&apos;r arolygiaeth yn ôl math o achos (Tablau {first}–{last})</translation>
    </message>
    <message>
        <location filename="../../widgets/report_view.py" line="84"/>
        <source>Case grades by topic (Table {n})</source>
        <translation type="unfinished">Graddau achosion yn ôl pwnc (Tabl {n})</translation>
    </message>
    <message>
        <location filename="../../widgets/report_view.py" line="274"/>
        <source>{label}: {graded} of {total} graded</source>
        <translation type="unfinished">{label}: {graded} o {total} wedi&apos;u graddio</translation>
    </message>
</context>
<context>
    <name>self.model</name>
    <message>
        <location filename="../../widgets/main_window.py" line="178"/>
        <source>{graded} of {topics} topics graded</source>
        <translation type="unfinished">{graded} o {topics} pwnc wedi&apos;u graddio</translation>
    </message>
</context>
<context>
    <name>team_members_dialog</name>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="44"/>
        <source>Fieldwork</source>
        <translation type="unfinished">Fieldwork</translation>
    </message>
    <message>
        <location filename="../../widgets/team_members_dialog.py" line="83"/>
        <source>Fingerprint</source>
        <translation type="unfinished">Ôl bys</translation>
    </message>
</context>
<context>
    <name>welcome_dialog</name>
    <message>
        <location filename="../../widgets/welcome_dialog.py" line="58"/>
        <source>Open a fieldwork package</source>
        <translation type="unfinished">Agor pecyn gwaith maes</translation>
    </message>
</context>
</TS>
