"""Which organisms tbl2asn 25.3 knows to be eukaryotes without a network lookup.

tbl2asn (without -T) names organisms from an offline list: taxlist.txt and lineages.txt in NCBI's toolkit data
directory, as Debian's ncbi-data package (6.1.20170106) ships them. The names below are the entries of that list
whose lineage contains Eukaryota. A rule that needs the kingdom (16S rRNA on a nuclear eukaryotic sequence)
decides only for these names, exactly where tbl2asn can; for any other organism it stays silent, as tbl2asn does.
"""

from __future__ import annotations

from functools import lru_cache

_EUKARYOTES = """
Acacia koa|Acanthisitta chloris|Acanthoscurria geniculata|Acinonyx jubatus|Acropora cervicornis
Acropora digitifera|Acropora millepora|Actias selene|Acyrthosiphon pisum|Adineta vaga|Aedes aegypti
Aedes albopictus|Aegilops tauschii|Aethina tumida|Agapanthus praecox subsp. orientalis|Agave deserti
Agave tequilana|Agrilus planipennis|Agrotis segetum|Ailuropoda melanoleuca|Alexandrium tamarense
Alligator mississippiensis|Alligator sinensis|Allium cepa|Allium fistulosum|Allium sativum
Amaranthus tricolor|Amazona vittata|Ameiurus nebulosus|Amoebidium parasiticum JAP-7-2
Anas platyrhynchos|Ancylostoma ceylanicum|Ancylostoma duodenale|Anguilla anguilla|Anguilla japonica
Anisakis simplex|Anneissia japonica|Annulipalpia sp. AD-2013|Anolis carolinensis|Anopheles funestus
Anopheles gambiae|Anopheles sinensis|Anoplophora glabripennis|Anoplopoma fimbria
Anser cygnoides domesticus|Antheraea assama|Antheraea pernyi|Antheraea yamamai
Anthopleura elegantissima|Anthoxanthum odoratum|Anthurium andraeanum|Aotus nancymaae
Apaloderma vittatum|Aphelocoma californica obscura|Aphyosemion striatum|Apis cerana|Apis florea
Apis mellifera|Aplysia californica|Apostichopus japonicus|Apteryx australis mantelli
Aquila chrysaetos canadensis|Ara macao|Arabidopsis lyrata subsp. lyrata|Arabidopsis thaliana
Arachis duranensis|Arachis hypogaea|Arachis hypogaea var. vulgaris|Arachis ipaensis
Araucaria cunninghamii|Archaeopsylla erinacei|Aretaon asperrimus|Argochrysis armilla
Argulus siamensis|Arion vulgaris|Artemisia annua|Arundo donax|Ascaris suum|Aspergillus oryzae
Aspidistra saxicola|Astacus astacus|Astacus leptodactylus|Asterias amurensis|Asterias forbesi
Asterias rubens|Astyanax mexicanus|Athetis lepigone|Atractaspis aterrima|Aurelia aurita
Austrofundulus limnaeus|Avena sativa|Avicennia marina|Bactrocera cucurbitae|Bactrocera dorsalis
Bactrocera latifrons|Bactrocera minax|Bactrocera oleae|Balaenoptera acutorostrata scammoni
Balaenoptera bonaerensis|Balearica regulorum gibbericeps|Banksia hookeriana|Bdellocephala annandalei
Bemisia tabaci|Beta vulgaris|Beta vulgaris subsp. vulgaris|Betula platyphylla|Biomphalaria glabrata
Bison bison bison|Bithynia siamensis goniomphalos|Boechera gunnisoniana|Bombina bombina
Bombina orientalis|Bombina variegata scabra|Bombina variegata variegata|Bombus impatiens
Bombus insularis|Bombus terrestris|Bombyx mori|Bos mutus|Bos taurus|Botryococcus braunii
Brachionus calyciflorus|Brachycistis timberlakei|Brachypodium distachyon|Bragasellus peltatus
Branchiostoma lanceolatum|Brassica juncea|Brassica napus|Brassica oleracea var. capitata
Brassica oleracea var. oleracea|Brassica rapa|Brassica rapa subsp. pekinensis
Brassica rapa x Raphanus sativus|Brassicogethes aeneus|Brugia malayi|Bubalus bubalis
Buceros rhinoceros silvestris|Caenorhabditis elegans|Caenorhabditis remanei|Cajanus cajan
Calanus finmarchicus|Calanus glacialis|Calidris pugnax|Caligus rogercresseyi|Callithrix jacchus
Callorhinchus milii|Calypte anna|Camelina sativa|Camellia oleifera|Camellia sinensis
Camellia sinensis var. sinensis|Camelus bactrianus|Camelus dromedarius|Camelus ferus
Camponotus floridanus|Camptotheca acuminata|Canis lupus familiaris|Cannabis sativa|Capra hircus
Caprimulgus carolinensis|Capsella rubella|Capsicum annuum|Carabus granulatus|Caragana korshinskii
Carduelis chloris|Cariama cristata|Carlito syrichta|Catharanthus roseus|Cathartes aura
Cavia porcellus|Cebus capucinus imitator|Cecidomyiidae sp. BOLD-2016|Cenchrus americanus
Centris flavifrons|Cephalotaxus hainanensis|Cerapachys biroi|Ceratina calcarata|Ceratitis capitata
Ceratotherium simum simum|Cercis gigantea|Cercocebus atys|Chaetura pelagica|Charadrius vociferus
Chelonia mydas|Cherax quadricarinatus|Chilo suppressalis|Chinavia ubica|Chinchilla lanigera
Chlamydotis macqueenii|Chlorella sorokiniana|Chlorocebus sabaeus|Chorispora bungeana
Chromolaena odorata|Chrysemys picta bellii|Chrysochloris asiatica|Chrysopa pallens
Chyphotes mellipes|Cicer arietinum|Ciona intestinalis|Citrus clementina|Citrus sinensis
Clupea harengus|Cocos nucifera|Colaphellus bowringi|Colius striatus|Colobus angolensis palliatus
Columba livia|Condylura cristata|Copidosoma floridanum|Corchorus capsularis|Corvus brachyrhynchos
Corvus cornix cornix|Corydalinae sp. KMRSPBM-2012|Corylus avellana|Costus pictus|Coturnix japonica
Crassostrea angulata|Crassostrea gigas|Crataegus pinnatifida|Crepidula fornicata|Cricetulus griseus
Crioscolia alcione|Ctenomys sociabilis|Cucumis melo|Cucumis sativus|Cunninghamia lanceolata
Curcuma longa|Cuscuta pentagona|Cylicostephanus goldi|Cynoglossus semilaevis|Cynopterus sphinx
Cypridininae sp. BMR-2011|Cyprinodon variegatus|Cyprinus carpio|Dahlia pinnata|Danio rerio
Daphnia magna|Dastarcus helophoroides|Dasypus novemcinctus|Daucus carota subsp. sativus
Dendroctonus ponderosae|Dermacentor variabilis|Dermanyssus gallinae|Dianthus caryophyllus
Diaphorina citri|Dicrocoelium dendriticum|Dinobryon sp. LO226KS|Dinoponera quadriceps
Diospyros lotus|Diphyllobothrium latum|Dipodomys ordii|Dorcoceras hygrometricum|Drosophila ananassae
Drosophila grimshawi|Drosophila melanogaster|Drosophila miranda|Drosophila mojavensis
Drosophila persimilis|Drosophila pseudoobscura pseudoobscura|Drosophila rhopaloa
Drosophila sechellia|Drosophila simulans|Drosophila suzukii|Drosophila virilis|Drosophila willistoni
Drosophila yakuba|Dugesia japonica|Echinarachnius parma|Echinaster spinulosus|Echinops telfairi
Echinostoma caproni|Eidolon helvum|Eimeria mitis|Elaeis guineensis|Elephantulus edwardii
Elliptio complanata|Elodea nuttallii|Emiliania huxleyi CCMP1516|Epipyxis sp. PR26KG|Eptesicus fuscus
Equus asinus|Equus caballus|Equus przewalskii|Erinaceus europaeus|Eriocheir sinensis
Erythranthe guttata|Esox lucius|Eucalyptus camaldulensis|Eucalyptus grandis|Eucidaris tribuloides
Eucyclops serrulatus|Eufriesea mexicana|Eurypyga helias|Eustoma exaltatum subsp. russellianum
Evechinus chloroticus|Exaiptasia pallida|Exoneura robusta|Extatosoma tiaratum|Fagopyrum esculentum
Falco cherrug|Falco peregrinus|Fasciola hepatica|Felis catus|Ficedula albicollis|Ficus carica
Folsomia candida|Fopius arisanus|Formica aquilonia|Formica cinerea|Formica exsecta|Formica fusca
Formica pratensis|Formica pressilabris|Formica truncorum|Fragaria vesca subsp. vesca
Fragaria x ananassa|Frankliniella occidentalis|Fraxinus excelsior|Fukomys damarensis
Fulmarus glacialis|Fundulus grandis|Fundulus heteroclitus|Gadus morhua|Galeopterus variegatus
Gallus gallus|Gammarus chevreuxi|Gardenia jasminoides|Gavia stellata|Gavialis gangeticus
Gekko japonicus|Geminigera cryophila|Gentiana macrophylla|Geospiza fortis|Gerbera hybrid cultivar
Gigaspora margarita|Glomeris pustulata|Glossoscolex paulistus|Glycera dibranchiata|Glycine max
Gongylonema pulchrum|Gorilla gorilla gorilla|Gossypium arboreum|Gossypium hirsutum
Gossypium raimondii|Graminella nigrifrons|Habropoda laboriosa|Haliaeetus albicilla|Halyomorpha halys
Hammondia hammondi|Haplochromis burtoni|Harpegnathos saltator|Helicoverpa assulta
Heligmosomoides polygyrus|Henricia sp. AR-2014|Heterocephalus glaber|Heterodera glycines
Hevea brasiliensis|Homalodisca liturata|Homalodisca vitripennis|Homo sapiens|Hordeum pubiflorum
Hordeum vulgare|Hordeum vulgare subsp. vulgare|Humulus lupulus|Humulus lupulus var. cordifolius
Humulus lupulus var. lupulus|Hyalella azteca|Hyas araneus|Hydra vulgaris
Hydractinia symbiolongicarpus|Hynobius chinensis|Hynobius retardatus|Hypsizygus marmoreus
Ictalurus punctatus|Ictidomys tridecemlineatus|Ipomoea batatas|Ipomoea nil|Ipomoea purpurea
Ipomoea trifida|Ixodes ricinus|Ixodes scapularis|Jaculus jaculus|Jatropha curcas|Juglans regia
Karelinia caspia|Kerria lacca|Kryptolebias marmoratus|Lactuca sativa|Lactuca serriola
Lagenaria siceraria|Landoltia punctata|Larimichthys crocea|Larix kaempferi|Lasius neglectus
Lasius turcicus|Lates calcarifer|Lathyrus sativus|Latimeria chalumnae|Latimeria menadoensis
Latrodectus hesperus|Lepeophtheirus salmonis|Lepidonotothen nudifrons|Lepidothrix coronata
Lepisosteus oculatus|Leptasterias sp. AR-2014|Leptonychotes weddellii|Leptosomus discolor
Limnephilus lunatus|Limnoperna fortunei|Limulus polyphemus|Linepithema humile|Lingula anatina
Lingulodinium polyedrum|Lipotes vexillifer|Litchi chinensis|Litopenaeus vannamei|Loa loa
Lolium perenne|Lotus corniculatus|Loxodonta africana|Luidia clathrata|Lupinus angustifolius
Lygodium japonicum|Lygus hesperus|Lymnaea stagnalis|Lynx pardinus|Lytechinus variegatus
Macaca fascicularis|Macaca mulatta|Macaca nemestrina|Macropus eugenii|Malus domestica
Manacus vitellinus|Mandrillus leucophaeus|Mangifera indica|Manihot esculenta|Manis javanica
Marmota marmota marmota|Marthasterias glacialis|Maylandia zebra|Medauroidea extradentata
Medicago sativa|Medicago truncatula|Megachile rotundata|Megaderma lyra|Megajapyx sp. UVienna-2012
Megaselia scalaris|Meleagris gallopavo|Melopsittacus undulatus|Mengenilla moldrzyki
Meretrix meretrix|Merops nubicus|Mesembryanthemum crystallinum|Mesitornis unicolor
Mesocricetus auratus|Metaseiulus occidentalis|Microcebus murinus|Microplitis demolitor
Micropterix calthella|Micropterus floridanus|Micropterus salmoides|Micropterus salmoides salmoides
Microtus ochrogaster|Miichthys miiuy|Mischocyttarus flavitarsis|Momordica charantia|Moniezia expansa
Monodelphis domestica|Monomorium chinense|Monomorium pharaonis|Morone chrysops|Morone saxatilis
Morus notabilis|Mus musculus|Musa ABB Group|Musa acuminata AAA Group
Musa acuminata subsp. malaccensis|Musca domestica|Mustela putorius furo|Myotis brandtii
Myotis davidii|Myotis lucifugus|Myotis ricketti|Myrionecta rubra|Myrmica rubra|Myrmica ruginodis
Myrmica sulcinodis|Mytilus galloprovincialis|Nannochorista philpotti|Nannospalax galili
Nanorana parkeri|Nasonia vitripennis|Necator americanus|Nelumbo nucifera|Nematostella vectensis
Neolamarckia cadamba|Neolamprologus brichardi|Nestor notabilis|Nicotiana attenuata
Nicotiana benthamiana|Nicotiana sylvestris|Nicotiana tabacum|Nicotiana tomentosiformis
Nicrophorus vespilloides|Nilaparvata lugens|Nipponia nippon|Nitella hyalina|Nitella mirabilis
Noccaea caerulescens|Nomascus leucogenys|Nothobranchius furzeri|Nothobranchius kadleci
Nothobranchius korthausae|Nothobranchius kuhntae|Nothobranchius pienaari|Nothobranchius rachovii
Notholithocarpus densiflorus|Notothenia coriiceps|Numida meleagris|Nylanderia pubens
Ochotona princeps|Ochromonas sp. LO244K-D|Octodon degus|Octopus bimaculoides
Odobenus rosmarus divergens|Oesophagostomum dentatum|Olavius algarvensis|Olea europaea
Onchocerca flexuosa|Oncidium hybrid cultivar|Oncorhynchus masou masou|Oncorhynchus mykiss
Onthophagus nigriventris|Ophiocoma echinata|Ophthalmotilapia ventralis|Opisthorchis viverrini
Orchesella cincta|Oreochromis niloticus|Ornithorhynchus anatinus|Oropsylla silantiewi
Orycteropus afer afer|Oryctolagus cuniculus|Oryza brachyantha|Oryza sativa|Oryza sativa Indica Group
Oryza sativa Japonica Group|Oryzias latipes|Osmia cornuta|Ostrinia furnacalis|Ostrinia nubilalis
Otolemur garnettii|Ovis aries|Ovis aries musimon|Pachycladon fastigiatum|Pachypsylla venusta
Paeonia lactiflora|Pan paniscus|Pan troglodytes|Pan troglodytes troglodytes|Pan troglodytes verus
Panax ginseng|Panicum hallii var. filipes|Panthera tigris altaica|Pantholops hodgsonii
Papilio machaon|Papilio xuthus|Papio anubis|Papio hamadryas|Paramecium tetraurelia strain d4-2
Parascaris equorum|Parasteatoda tepidariorum|Parus major|Patiria miniata|Patiria pectinifera
Pecten maximus|Pedospumella encystans|Pelecanus crispus|Pelodiscus sinensis|Penaeus monodon
Pepsis grossa|Perkinsus marinus ATCC 50983|Peromyscus maniculatus bairdii|Persicaria minor
Petunia integrifolia subsp. inflata|Phaethon lepturus|Phalacrocorax carbo|Phalaenopsis aphrodite
Phaseolus vulgaris|Phoca largha|Phoenicopterus ruber ruber|Phoenix dactylifera
Physalis alkekengi var. franchetii|Physalis peruviana|Physcomitrella patens|Physeter catodon
Phytophthora cambivora|Phytophthora cinnamomi|Phytophthora x alni|Picea glauca|Picoides pubescens
Pinus massoniana|Pinus sylvestris|Pinus taeda|Pisaster ochraceus|Pisum sativum
Pisum sativum subsp. sativum|Plakobranchus ocellatus|Plasmodium falciparum|Plecoglossus altivelis
Plecoglossus altivelis altivelis|Plukenetia volubilis|Plutella xylostella|Poa infirma|Poa supina
Podiceps cristatus|Poecilia formosa|Poecilia latipinna|Poecilia mexicana|Poecilia reticulata
Poeciliopsis prolifica|Pogonus chalceus|Pohlia nutans|Polistes canadensis|Polistes metricus
Pongo abelii|Populus euphratica|Populus trichocarpa|Porites australiensis|Poterioochromonas sp. DS
Priapulus caudatus|Proasellus aragonensis|Proasellus arthrodilus|Proasellus assaforensis
Proasellus cantabricus|Proasellus cavaticus|Proasellus coiffaiti|Proasellus coxalis
Proasellus ebrensis|Proasellus escolai|Proasellus grafi|Proasellus granadensis
Proasellus hercegovinensis|Proasellus ibericus|Proasellus jaloniacus|Proasellus karamani
Proasellus margalefi|Proasellus meridianus|Proasellus ortizi|Proasellus racovitzai|Proasellus rectus
Proasellus solanasi|Proasellus spelaeus|Procambarus clarkii|Procotyla fluviatilis
Propithecus coquereli|Prosopis alba|Protobothrops mucrosquamatus|Protopolystoma xenopodis
Prunus armeniaca|Prunus mume|Prunus persica|Prymnesium parvum|Pseudacris regilla
Pseudodiploria strigosa|Pseudomasaris vespoides|Pseudopodoces humilis
Pseudotsuga menziesii var. menziesii|Pteridium aquilinum subsp. aquilinum|Pterocles gutturalis
Pteronotus parnellii|Pteropus alecto|Pteropus vampyrus|Ptychodera flava|Puccinia psidii
Pundamilia nyererei|Punica granatum|Pygocentrus nattereri|Pygoscelis adeliae
Pyrodinium bahamense var. compressum|Pyrus communis|Pyrus x bretschneideri|Python bivittatus
Quercus suber|Ramulus artemis|Rana clamitans|Raphanus sativus|Rattus norvegicus|Rauvolfia serpentina
Reaumuria trigyna|Rhagoletis zephyria|Rhinolophus ferrumequinum|Rhinopithecus bieti
Rhinopithecus roxellana|Rhipicephalus sanguineus|Rhizoctonia solani AG-1 IA|Rhodinia newara
Ricinus communis|Romanomermis culicivorax|Rousettus aegyptiacus|Rubus hybrid cultivar
Rumex palustris|Saccharomyces cerevisiae|Saccharomyces pastorianus|Saccoglossus kowalevskii
Saimiri boliviensis boliviensis|Salicornia europaea|Salmo salar|Samia ricini|Sarcophilus harrisii
Sarsinebalia urgorrii|Saussurea involucrata|Sceliphron caementarium|Schistocephalus solidus
Schistosoma curassoni|Schistosoma haematobium|Schistosoma japonicum|Schistosoma mansoni
Schistosoma mattheei|Schistosoma rodhaini|Schmidtea mediterranea|Sclerodactyla briareus
Scleropages formosus|Sclerotinia homoeocarpa|Scophthalmus maximus|Scylla olivacea
Sebastes nigrocinctus|Secale cereale|Sedum alfredii|Selaginella moellendorffii|Serinus canaria
Sesamum indicum|Setaria italica|Silene latifolia|Sinocyclocheilus angustiporus
Sinocyclocheilus anophthalmus|Sinocyclocheilus anshuiensis|Sinocyclocheilus grahami
Sinocyclocheilus rhinocerous|Sinopodophyllum hexandrum|Sipyloidea sipylus|Solanum chacoense
Solanum lycopersicum|Solanum melongena|Solanum pennellii|Solanum torvum|Solanum tuberosum
Solenopsis invicta|Sorex araneus|Sorghum bicolor|Speleonectes cf. tulumensis BMR-2011
Sphaerechinus granularis|Sphaeroforma arctica JP610|Sphaeropthalma orestes|Spinacia oleracea
Spirometra erinaceieuropaei|Spodoptera exigua|Spodoptera frugiperda|Spumella vulgaris
Spumella-like flagellate JBC/S23|Spumella-like flagellate JBNZ39|Stegastes partitus
Stegodyphus mimosarum|Stigmatomma oregonense|Stomoxys calcitrans|Strongylocentrotus purpuratus
Strongylus vulgaris|Struthio camelus australis|Stylophora pistillata|Sus scrofa|Symbiodinium sp. A1
Symbiodinium sp. A2|Symbiodinium sp. B2|Symphylella vulgaris|Synura sp. LO234KE|Taeniopygia guttata
Takifugu rubripes|Tarenaya hassleriana|Tauraco erythrolophus|Taxus wallichiana var. chinensis
Telenomus podisi|Teleogryllus commodus|Teleopsis dalmanni|Teleopsis whitei
Termitomyces clypeatus MTCC 5091|Tetramorium bicarinatum|Tetranychus urticae|Tetraodon nigroviridis
Tetraselmis subcordiformis|Thamnophis sirtalis|Theobroma cacao|Thermobia domestica
Tigriopus californicus|Tinamus guttatus|Trachemys scripta elegans|Trachymyrmex cornetzi
Trematomus bernacchii|Trichechus manatus latirostris|Trichinella spiralis|Trichobilharzia regenti
Trichomonas vaginalis G3|Trichoplusia ni|Trifolium pratense|Tripterygion delaisi
Tripterygium wilfordii|Triticum aestivum|Triticum turgidum|Triticum urartu
Trypanosoma cruzi strain CL Brener|Tupaia chinensis|Turritopsis sp. SK-2016|Tursiops truncatus
Tyto alba|Ursus maritimus|Vaccinium macrocarpon|Vicia faba|Vicugna pacos|Vigna angularis
Vigna radiata|Vigna radiata var. radiata|Villosa lienosa|Vitis vinifera|Vollenhovia emeryi
Wasmannia auropunctata|Withania somnifera|Xenopus laevis|Xenopus tropicalis|Xiphophorus maculatus
Zantedeschia aethiopica|Zea mays|Zea mays subsp. mays|Ziziphus jujuba|Zonotrichia albicollis
Zostera noltei|uncultured Neocallimastigales|uncultured eukaryote|uncultured fungus
"""


@lru_cache(maxsize=1)
def eukaryote_names() -> frozenset[str]:
    return frozenset(n.strip() for line in _EUKARYOTES.strip().splitlines() for n in line.split("|"))


def is_known_eukaryote(organism: str) -> bool:
    return organism.strip() in eukaryote_names()
