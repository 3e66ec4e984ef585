"""DOTS partner names and the codes the dataset gives them.

Countries get their ISO 3166-1 alpha-3 code; former states their ISO 3166-3 code (CSK, YUG, SCG, ANT); the
DOTS-only "Belgium-Luxembourg" gets BLX; the two aggregates kept get WLD (world) and EUU (European Union).
Other DOTS aggregates (regions, income groups, "not specified" rows) are deliberately left out: they overlap
the countries and are not partners.
"""

from __future__ import annotations

from ..contract.countries import AGGREGATE_CODES

__all__ = ["AGGREGATE_CODES", "DOTS_PARTNERS"]

#: Codes of partners that are aggregates, not countries (excluded when ranking partners).

_ROWS = """
World|WLD|World
European Union|EUU|European Union
Afghanistan, Islamic Rep. of|AFG|Afghanistan
Albania|ALB|Albania
Algeria|DZA|Algeria
American Samoa|ASM|American Samoa
Angola|AGO|Angola
Anguilla|AIA|Anguilla
Antigua and Barbuda|ATG|Antigua and Barbuda
Argentina|ARG|Argentina
Armenia, Rep. of|ARM|Armenia
Aruba, Kingdom of the Netherlands|ABW|Aruba
Australia|AUS|Australia
Austria|AUT|Austria
Azerbaijan, Rep. of|AZE|Azerbaijan
Bahamas, The|BHS|Bahamas
Bahrain, Kingdom of|BHR|Bahrain
Bangladesh|BGD|Bangladesh
Barbados|BRB|Barbados
Belarus, Rep. of|BLR|Belarus
Belgium|BEL|Belgium
Belgium-Luxembourg|BLX|Belgium-Luxembourg (reported jointly)
Belize|BLZ|Belize
Benin|BEN|Benin
Bermuda|BMU|Bermuda
Bhutan|BTN|Bhutan
Bolivia|BOL|Bolivia
Bosnia and Herzegovina|BIH|Bosnia and Herzegovina
Botswana|BWA|Botswana
Brazil|BRA|Brazil
Brunei Darussalam|BRN|Brunei
Bulgaria|BGR|Bulgaria
Burkina Faso|BFA|Burkina Faso
Burundi|BDI|Burundi
Cabo Verde|CPV|Cabo Verde
Cambodia|KHM|Cambodia
Cameroon|CMR|Cameroon
Canada|CAN|Canada
Central African Rep.|CAF|Central African Republic
Chad|TCD|Chad
Chile|CHL|Chile
China, P.R.: Hong Kong|HKG|Hong Kong SAR, China
China, P.R.: Macao|MAC|Macao SAR, China
China, P.R.: Mainland|CHN|China
Colombia|COL|Colombia
Comoros, Union of the|COM|Comoros
Congo, Dem. Rep. of the|COD|Congo, Democratic Republic
Congo, Rep. of|COG|Congo, Republic
Costa Rica|CRI|Costa Rica
Côte d'Ivoire|CIV|Côte d'Ivoire
Croatia, Rep. of|HRV|Croatia
Cuba|CUB|Cuba
Cyprus|CYP|Cyprus
Czech Rep.|CZE|Czechia
Czechoslovakia|CSK|Czechoslovakia (former)
Denmark|DNK|Denmark
Djibouti|DJI|Djibouti
Dominica|DMA|Dominica
Dominican Rep.|DOM|Dominican Republic
Ecuador|ECU|Ecuador
Egypt, Arab Rep. of|EGY|Egypt
El Salvador|SLV|El Salvador
Equatorial Guinea, Rep. of|GNQ|Equatorial Guinea
Eritrea, The State of|ERI|Eritrea
Estonia, Rep. of|EST|Estonia
Eswatini, Kingdom of|SWZ|Eswatini
Ethiopia, The Federal Dem. Rep. of|ETH|Ethiopia
Falkland Islands (Malvinas)|FLK|Falkland Islands
Faroe Islands|FRO|Faroe Islands
Fiji, Rep. of|FJI|Fiji
Finland|FIN|Finland
France|FRA|France
French Polynesia|PYF|French Polynesia
Gabon|GAB|Gabon
Gambia, The|GMB|Gambia
Georgia|GEO|Georgia
Germany|DEU|Germany
Ghana|GHA|Ghana
Gibraltar|GIB|Gibraltar
Greece|GRC|Greece
Greenland|GRL|Greenland
Grenada|GRD|Grenada
Guam|GUM|Guam
Guatemala|GTM|Guatemala
Guinea|GIN|Guinea
Guinea-Bissau|GNB|Guinea-Bissau
Guyana|GUY|Guyana
Haiti|HTI|Haiti
Holy See|VAT|Holy See
Honduras|HND|Honduras
Hungary|HUN|Hungary
Iceland|ISL|Iceland
India|IND|India
Indonesia|IDN|Indonesia
Iran, Islamic Rep. of|IRN|Iran
Iraq|IRQ|Iraq
Ireland|IRL|Ireland
Israel|ISR|Israel
Italy|ITA|Italy
Jamaica|JAM|Jamaica
Japan|JPN|Japan
Jordan|JOR|Jordan
Kazakhstan, Rep. of|KAZ|Kazakhstan
Kenya|KEN|Kenya
Kiribati|KIR|Kiribati
Korea, Dem. People's Rep. of|PRK|Korea, Democratic People's Republic
Korea, Rep. of|KOR|Korea, Republic
Kuwait|KWT|Kuwait
Kyrgyz Rep.|KGZ|Kyrgyzstan
Lao People's Dem. Rep.|LAO|Laos
Latvia|LVA|Latvia
Lebanon|LBN|Lebanon
Lesotho, Kingdom of|LSO|Lesotho
Liberia|LBR|Liberia
Libya|LBY|Libya
Lithuania|LTU|Lithuania
Luxembourg|LUX|Luxembourg
Madagascar, Rep. of|MDG|Madagascar
Malawi|MWI|Malawi
Malaysia|MYS|Malaysia
Maldives|MDV|Maldives
Mali|MLI|Mali
Malta|MLT|Malta
Marshall Islands, Rep. of the|MHL|Marshall Islands
Mauritania, Islamic Rep. of|MRT|Mauritania
Mauritius|MUS|Mauritius
Mexico|MEX|Mexico
Moldova, Rep. of|MDA|Moldova
Mongolia|MNG|Mongolia
Montenegro|MNE|Montenegro
Montserrat|MSR|Montserrat
Morocco|MAR|Morocco
Mozambique, Rep. of|MOZ|Mozambique
Myanmar|MMR|Myanmar
Namibia|NAM|Namibia
Nauru, Rep. of|NRU|Nauru
Nepal|NPL|Nepal
Netherlands Antilles|ANT|Netherlands Antilles (former)
Netherlands, The|NLD|Netherlands
New Caledonia|NCL|New Caledonia
New Zealand|NZL|New Zealand
Nicaragua|NIC|Nicaragua
Niger|NER|Niger
Nigeria|NGA|Nigeria
North Macedonia, Republic of|MKD|North Macedonia
Norway|NOR|Norway
Oman|OMN|Oman
Pakistan|PAK|Pakistan
Palau, Rep. of|PLW|Palau
Panama|PAN|Panama
Papua New Guinea|PNG|Papua New Guinea
Paraguay|PRY|Paraguay
Peru|PER|Peru
Philippines|PHL|Philippines
Poland, Rep. of|POL|Poland
Portugal|PRT|Portugal
Qatar|QAT|Qatar
Romania|ROU|Romania
Russian Federation|RUS|Russia
Rwanda|RWA|Rwanda
Samoa|WSM|Samoa
San Marino, Rep. of|SMR|San Marino
São Tomé and Príncipe, Dem. Rep. of|STP|São Tomé and Príncipe
Saudi Arabia|SAU|Saudi Arabia
Senegal|SEN|Senegal
Serbia and Montenegro|SCG|Serbia and Montenegro (former)
Serbia, Rep. of|SRB|Serbia
Seychelles|SYC|Seychelles
Sierra Leone|SLE|Sierra Leone
Singapore|SGP|Singapore
Slovak Rep.|SVK|Slovakia
Slovenia, Rep. of|SVN|Slovenia
Solomon Islands|SLB|Solomon Islands
Somalia|SOM|Somalia
South Africa|ZAF|South Africa
South Sudan, Rep. of|SSD|South Sudan
Spain|ESP|Spain
Sri Lanka|LKA|Sri Lanka
St. Kitts and Nevis|KNA|Saint Kitts and Nevis
St. Lucia|LCA|Saint Lucia
St. Vincent and the Grenadines|VCT|Saint Vincent and the Grenadines
Sudan|SDN|Sudan
Suriname|SUR|Suriname
Sweden|SWE|Sweden
Switzerland|CHE|Switzerland
Syrian Arab Rep.|SYR|Syria
Taiwan Province of China|TWN|Taiwan Province of China
Tajikistan, Rep. of|TJK|Tajikistan
Tanzania, United Rep. of|TZA|Tanzania
Thailand|THA|Thailand
Timor-Leste, Dem. Rep. of|TLS|Timor-Leste
Togo|TGO|Togo
Tonga|TON|Tonga
Trinidad and Tobago|TTO|Trinidad and Tobago
Tunisia|TUN|Tunisia
Turkey|TUR|Türkiye
Turkmenistan|TKM|Turkmenistan
Tuvalu|TUV|Tuvalu
Uganda|UGA|Uganda
Ukraine|UKR|Ukraine
United Arab Emirates|ARE|United Arab Emirates
United Kingdom|GBR|United Kingdom
United States|USA|United States
Uruguay|URY|Uruguay
Uzbekistan, Rep. of|UZB|Uzbekistan
Venezuela, Rep. Bolivariana de|VEN|Venezuela
Vietnam|VNM|Vietnam
West Bank and Gaza|PSE|West Bank and Gaza
Yemen, Rep. of|YEM|Yemen
Yugoslavia|YUG|Yugoslavia (former)
Zambia|ZMB|Zambia
Zimbabwe|ZWE|Zimbabwe
"""

#: DOTS partner name -> (code, English name). One line per partner above; a test checks codes are unique.
DOTS_PARTNERS: dict[str, tuple[str, str]] = {
    name: (code, english) for name, code, english in (line.split("|") for line in _ROWS.strip().splitlines())
}
