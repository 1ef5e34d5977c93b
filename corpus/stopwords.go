package corpus

// Stop-word lists, one string per language, written for this project:
// function words (articles, pronouns, prepositions, conjunctions, auxiliary
// and modal verbs, common adverbs) that carry no topic on their own. They
// serve two masters: DetectLang counts them to tell languages apart, and
// the Q&A index drops them from questions and sentences.
//
// Words a news question needs are left out on purpose even where classic
// lists have them: "may" (the month), "us" (the country, once lower-cased),
// numerals and words such as "first", "last", "next", "former".
//
// Each list is split once, on first use, into the table of stopTable.

const stopEnglish = `a about above across after afterwards again against all almost alone along
already also although always am among amongst an and another any anybody anyhow anyone anything
anyway anywhere are aren't around as at be became because become becomes becoming been before
beforehand behind being below beside besides between beyond both but by can cannot can't could
couldn't d did didn't do does doesn't doing don don't done down during each either else elsewhere
enough etc even ever every everybody everyone everything everywhere except few for from further
furthermore had hadn't has hasn't have haven't having he he'd he'll he's hence her here here's hers
herself him himself his how how's however i i'd i'll i'm i've ie if in indeed into is isn't it it's
its itself just let's ll m many me meanwhile might mine more moreover most mostly much must mustn't
my myself namely neither never nevertheless no nobody none nor not nothing now nowhere of off often
on once only onto or other others otherwise ought our ours ourselves out over own perhaps quite
rather re s same shall shan't she she'd she'll she's should shouldn't since so some somebody somehow
someone something sometime sometimes somewhere still such t than that that's the their theirs them
themselves then thence there there's thereafter thereby therefore therein thereupon these they
they'd they'll they're they've this those though through throughout thru thus to together too
toward towards under unless until up upon ve very via was wasn't we we'd we'll we're we've were
weren't what what's whatever when when's whence whenever where where's whereafter whereas whereby
wherein whereupon wherever whether which while whither who who's whoever whom whose why why's will
with within without won't would wouldn't yet you you'd you'll you're you've your yours yourself
yourselves`

const stopSpanish = `a al algo algunas algunos ante antes así aquí aunque cada como con contra
cual cuando cómo de del desde donde dos dónde durante e el ella ellas ellos en entre era eran es esa
esas ese eso esos esta estaba estaban estado estamos estar estas este esto estos está están estoy fue
fueron ha había habían han has hasta hay he hemos la las le les lo los me mi mis mucho muchos muy más
mí nada ni no nos nosotras nosotros nuestra nuestras nuestro nuestros o os otra otras otro otros para
pero poco por porque pues que quien quienes qué se sea según ser será serán si sido sin sino sobre
son su sus suya suyo sí también tanto te tener tiene tienen tras tu tus tú un una uno unos vosotros y
ya yo él`

const stopFrench = `a afin ai aie ainsi alors après as au aucun aussi autre aux avaient avais
avait avant avec avez avoir avons bien c car ce ceci cela celle celles celui cependant ces cet cette
ceux chez comme comment d dans de depuis des donc dont du déjà elle elles en encore entre es est et
eu eux fait fut il ils j je jusqu l la le les leur leurs lors lui m ma mais me même mes moi moins mon
n ne ni nos notre nous on ont ou où par parce pas pendant peu peut plus pour pourquoi puis qu quand
que quel quelle quels qui s sa sans se selon sera seront ses si son sont sous sur t ta te tes toi ton
tous tout toute toutes très tu un une vers vos votre vous y à était étaient étant été être`

const stopRussian = `а без более бы был была были было быть в вам вас ведь весь во вот все всего
всех всё вы где да даже для до его ее если есть еще ещё её ж же за здесь и из или им их к как какая
какие какой когда кого кое которая которого которое которой котором которые который которых кто ли
либо между меня мне много может можно мой мы на над надо нам нас не него нее неё нет ни нибудь ним
них ничего но ну о об однако он она они оно от очень по под после потом потому почему при про раз
с сам сама сами само свое свои свой своя себе себя со так также такие такой там те тем то того тоже
той только том тот ту тут ты у уж уже хоть чего чем через что чтобы чтоб эта эти этим этих это этого
этой этом этот эту я является`

const stopUkrainian = `а адже або але б без би бо був була були було бути в вам вас весь вже ви
від він вона вони воно все всі всіх втім га де для до є його жодного з за зі й із її їй їм їх і коли
котрий лише ми мене мені між мій може можна на над нам нас навіть не нею неї ним них ні ніж нього о
однак от по під після перед при про саме свій своє свої свого своїх себе собі та так також там те
тим тих ті то тобі тому тут ти у хоча хто це цей ці цих цієї цього ця чи через що щоб щодо як яка
яке які якщо якого якої яких ще`

const stopSwedish = `alla allt att av blev bli blir blivit de dem den denna deras dess dessa det
detta dig din dina ditt du där då efter ej eller en er era ert ett från för ha hade han hans har
henne hennes hon honom hur här i icke ingen inom inte jag ju kan kunde med mellan men mig min mina
mitt mot mycket ni nu när någon något några och om oss på samma sedan sig sin sina sitta själv skulle
som så sådan sådana sådant till under upp ut utan vad var vara varför varit varje vars vart vem vi
vid vilka vilkas vilken vilket vår våra vårt än är åt över`

const stopNorwegian = `alle at av bare begge ble blei bli blir blitt både da de deg dei deim deira
dem den denne der dere deres det dette di din disse ditt du då eg ein eit eitt eller elles en enn er
et ett etter for fordi fra før ha hadde han hans har hennar henne hennes her hjå ho hoe honom hoss
hun hva hvem hver hvilke hvilken hvis hvor hvordan hvorfor i ikke ikkje ingen ingi inkje inn inni ja
jeg kan kom korleis kun kunne kva kvar kven kvifor meg medan mellom men mine mitt mot mykje ned noe
noen nokon noko nokre nå når og også om opp oss over sia sidan sin sine sitt sjøl skal skulle slik
som sånn til uten var vart vere vi vil ville vore vors vort vår være vært å`

const stopHungarian = `a abban ahhoz ahogy ahol aki akik akkor alatt amely amelyek amelyet ami
amikor amit amíg annak arra az azok azon azonban azt aztán azzal azért de egy egyes egyik egyéb
ekkor el ellen ennek erre ez ezek ezen ezt ezzel ezért fel felé hanem hiszen hogy hogyan igen illetve
is itt ki kell kellett lehet lenne lesz lett maga majd meg mellett mert mi miatt mikor milyen minden
mint mit mivel most már más másik még mi nagyon neki nekem nem nincs néha nélkül oda ott pedig persze
saját sem semmi sok során szerint szinte számára talán tehát teljes tovább továbbá több ugyanis
után utána vagy vagyis vagyok valami valamint van vannak volna volt voltak voltam vissza által én és
így úgy új újabb ő ők őket`

const stopGerman = `aber alle allem allen aller alles als also am an andere anderen anderer anderes
auch auf aus bei bin bis bist da damit dann das dass dazu daß dein deine dem den denn der des dessen
deshalb die dies diese diesem diesen dieser dieses doch dort du durch ein eine einem einen einer
eines er es etwas euch euer für gegen gewesen habe haben hat hatte hatten hier hinter ich ihm ihn
ihnen ihr ihre ihrem ihren ihrer im in indem ins ist jede jedem jeden jeder jedes jene jetzt kann
kein keine können könnte man manche mein meine mich mir mit muss musste nach nicht nichts noch nun
nur ob oder ohne sehr sein seine seinem seinen seiner selbst sich sie sind so solche soll sollte
sondern sonst um und uns unser unsere unter viel vom von vor war waren was weil welche wenn werde
werden wie wieder will wir wird wo wurde wurden würde würden zu zum zur zwar zwischen über`

const stopItalian = `a ad agli ai al alla alle allo anche ancora avere aveva avevano c che chi ci
come con contro cui da dagli dai dal dalla dalle dallo degli dei del della delle dello di dopo dove e
ed era erano essere fa fra gli già ha hanno ho i il in io l la le lei li lo loro lui ma me mi mia mie
miei mio molto ne negli nei nel nella nelle nello noi non nostra nostre nostri nostro o per perché
però poi più quale quando quanto quella quelle quelli quello questa queste questi questo se sei
sempre senza si sia siamo sono sta stata stati stato su sua sue sugli sui sul sulla sulle suo suoi
ti tra tu tua tue tuo tuoi tutti tutto un una uno vi voi è`

const stopPortuguese = `a ainda ao aos após aquela aquelas aquele aqueles aquilo as até com como
contra da das de dela delas dele deles depois do dos durante e ela elas ele eles em entre era eram
essa essas esse esses esta estas este estes está estão eu foi foram há isso isto já lhe lhes mais
mas me mesmo meu meus minha minhas muito na nas nem no nos nossa nossas nosso nossos num numa não nós
o onde os ou para pela pelas pelo pelos por porque qual quando que quem se seja sem ser será seu
seus sobre sua suas também te tem teu tua têm você vocês vos à às é só`

const stopAzerbaijani = `amma arasında artıq axı ancaq barədə başqa bax belə bəli bəs bəzi bəzən bir biz bizə
bizim bu bunlar bunu bunun burada bütün çox çünki da daha də deyə deyil digər dir dır edib edilib
edilir edir edən elə əgər əlbəttə ən etdi etmək əvvəl görə habelə hamı hamısı hansı haqqında hara
harada hələ həm həmçinin həmin həmişə hər hətta heç hə idi ilə imiş indi isə kim ki kimi lakin mən
mənə mənim nə nədən necə neçə nəyi nəyin niyə o olan olar olaraq oldu olduğu olduğunu olmaq olmuş
olsun olub olur ona onda ondan onlar onların onu onun ora orada özü özünü özünün qədər sən sənə
sənin siz sizə sizin sonra şey tərəfindən üçün üzrə var və ya yalnız yenə yəni yox`
