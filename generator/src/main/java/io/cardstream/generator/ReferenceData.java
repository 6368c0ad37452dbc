package io.cardstream.generator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Names, places and jobs the generator draws from. Fictional people, real US places. */
final class ReferenceData {

  record City(String name, String state, String zip, double lat, double lon, long population) {}

  static final List<City> CITIES = loadCities();

  static final String[] FEMALE_FIRST = {
    "Jennifer",
    "Mary",
    "Patricia",
    "Linda",
    "Elizabeth",
    "Barbara",
    "Susan",
    "Jessica",
    "Sarah",
    "Karen",
    "Lisa",
    "Nancy",
    "Betty",
    "Margaret",
    "Sandra",
    "Ashley",
    "Kimberly",
    "Emily",
    "Donna",
    "Michelle",
    "Carol",
    "Amanda",
    "Melissa",
    "Deborah",
    "Stephanie",
    "Rebecca",
    "Sharon",
    "Laura",
    "Cynthia",
    "Kathleen",
    "Amy",
    "Angela",
    "Shirley",
    "Anna",
    "Brenda",
    "Pamela",
    "Emma",
    "Nicole",
    "Helen",
    "Samantha",
    "Katherine",
    "Christine",
    "Debra",
    "Rachel",
    "Carolyn",
    "Janet",
    "Maria"
  };

  static final String[] MALE_FIRST = {
    "James",
    "Robert",
    "John",
    "Michael",
    "David",
    "William",
    "Richard",
    "Joseph",
    "Thomas",
    "Charles",
    "Christopher",
    "Daniel",
    "Matthew",
    "Anthony",
    "Mark",
    "Donald",
    "Steven",
    "Paul",
    "Andrew",
    "Joshua",
    "Kenneth",
    "Kevin",
    "Brian",
    "George",
    "Timothy",
    "Ronald",
    "Edward",
    "Jason",
    "Jeffrey",
    "Ryan",
    "Jacob",
    "Gary",
    "Nicholas",
    "Eric",
    "Jonathan",
    "Stephen",
    "Larry",
    "Justin",
    "Scott",
    "Brandon",
    "Benjamin",
    "Samuel",
    "Gregory",
    "Alexander",
    "Frank",
    "Patrick"
  };

  static final String[] LAST = {
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Gomez",
    "Phillips",
    "Evans",
    "Turner",
    "Diaz",
    "Parker",
    "Cruz",
    "Edwards",
    "Collins",
    "Reyes",
    "Stewart",
    "Morris",
    "Morales",
    "Murphy",
    "Cook"
  };

  static final String[] STREET_NAMES = {
    "Oak",
    "Maple",
    "Cedar",
    "Pine",
    "Elm",
    "Washington",
    "Lake",
    "Hill",
    "Park",
    "Walnut",
    "Sunset",
    "Lincoln",
    "Jackson",
    "Church",
    "Highland",
    "Ridge",
    "Meadow",
    "River",
    "Forest",
    "Spring",
    "Mill",
    "Valley",
    "Cherry",
    "Willow",
    "Franklin",
    "Jefferson",
    "Adams",
    "Madison"
  };

  static final String[] STREET_SUFFIXES = {
    "St", "Ave", "Rd", "Dr", "Ln", "Ct", "Way", "Blvd", "Pl", "Ter", "Trl", "Pkwy"
  };

  static final String[] JOBS = {
    "Accountant, chartered",
    "Administrator, education",
    "Architect",
    "Barrister",
    "Biomedical scientist",
    "Building surveyor",
    "Chartered public finance accountant",
    "Chemical engineer",
    "Civil engineer, contracting",
    "Clinical psychologist",
    "Colour technologist",
    "Copywriter, advertising",
    "Dance movement psychotherapist",
    "Designer, ceramics/pottery",
    "Diagnostic radiographer",
    "Editor, film/video",
    "Electrical engineer",
    "Engineer, biomedical",
    "Environmental consultant",
    "Exhibition designer",
    "Farmer",
    "Film/video editor",
    "Financial adviser",
    "Fitness centre manager",
    "Geologist, engineering",
    "Health visitor",
    "Historic buildings inspector/conservation officer",
    "Hydrologist",
    "IT trainer",
    "Insurance broker",
    "Journalist, newspaper",
    "Land/geomatics surveyor",
    "Lawyer",
    "Librarian, public",
    "Mechanical engineer",
    "Medical sales representative",
    "Musician",
    "Naval architect",
    "Nurse, children's",
    "Paramedic",
    "Pharmacist",
    "Physiotherapist",
    "Police officer",
    "Product designer",
    "Programmer, multimedia",
    "Psychologist, counselling",
    "Quantity surveyor",
    "Radio producer",
    "Retail manager",
    "Sales executive",
    "Science writer",
    "Scientist, audiological",
    "Secondary school teacher",
    "Software engineer",
    "Surveyor, land/geomatics",
    "Systems developer",
    "Teacher, primary school",
    "Tour manager",
    "Town planner",
    "Transport planner",
    "Veterinary surgeon",
    "Water engineer"
  };

  /**
   * Merchant name parts; names are prefixed {@code fraud_} like every merchant in the Kaggle files.
   */
  static final String[] MERCHANT_WORDS = {
    "Kirlin",
    "Sporer",
    "Lind",
    "Buckridge",
    "Heller",
    "Gutmann",
    "Lynch",
    "Keeling",
    "Crist",
    "Haley",
    "Stroman",
    "Rutherford",
    "Johnston",
    "Bartoletti",
    "Kuhn",
    "Hettinger",
    "Effertz",
    "Schumm",
    "Reichel",
    "Bashirian",
    "Konopelski",
    "Abbott",
    "Kassulke",
    "Rau",
    "Prosacco",
    "Kozey",
    "Boehm",
    "Jaskolski",
    "Cummerata",
    "Ruecker",
    "Mraz",
    "Dickinson",
    "Huels",
    "Nitzsche",
    "Medhurst",
    "Welch",
    "Lemke",
    "Predovic",
    "Waelchi",
    "Dooley",
    "Schmeler",
    "Bogan",
    "Ratke"
  };

  static final String[] MERCHANT_SUFFIXES = {
    "and Sons", "LLC", "Inc", "Group", "Ltd", "PLC", "-", "and Sons", "Inc", "LLC"
  };

  private ReferenceData() {}

  private static List<City> loadCities() {
    try (InputStream in = ReferenceData.class.getResourceAsStream("cities.csv")) {
      if (in == null) {
        throw new IllegalStateException("cities.csv is missing from the classpath");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<City> cities = new ArrayList<>();
      r.readLine();
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.split(",");
        cities.add(
            new City(
                f[0],
                f[1],
                f[2],
                Double.parseDouble(f[3]),
                Double.parseDouble(f[4]),
                Long.parseLong(f[5])));
      }
      return List.copyOf(cities);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
