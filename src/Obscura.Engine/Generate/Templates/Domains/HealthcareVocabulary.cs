namespace Obscura.Engine.Generate.Templates.Domains;

/// <summary>
/// Vocabulary of the healthcare registry template: diagnoses with ICD-10-style codes (letter, two digits, optional
/// decimal) and plain-language names written for this project, clinics (invented), specialties and medications
/// (generic names).
/// </summary>
internal static class HealthcareVocabulary
{
    /// <summary>(code, name, chronic).</summary>
    public static readonly (string Code, string Name, bool Chronic)[] Diagnoses =
    [
        ("A09", "Infectious diarrhoea and gastroenteritis", false),
        ("B34.9", "Viral infection, site not specified", false),
        ("C50.9", "Malignant tumour of the breast, site not specified", true),
        ("C61", "Malignant tumour of the prostate", true),
        ("D50.9", "Anaemia from iron deficiency", true),
        ("E03.9", "Underactive thyroid", true),
        ("E11.9", "Type 2 diabetes without complications", true),
        ("E66.9", "Obesity", true),
        ("E78.5", "Raised blood lipids", true),
        ("F32.9", "Depressive episode", false),
        ("F41.1", "Generalised anxiety disorder", true),
        ("F41.9", "Anxiety disorder, type not specified", false),
        ("G43.9", "Migraine", true),
        ("G47.0", "Difficulty falling or staying asleep", false),
        ("H10.9", "Conjunctivitis", false),
        ("H66.9", "Middle ear infection", false),
        ("I10", "High blood pressure without known cause", true),
        ("I25.1", "Narrowed coronary arteries from plaque", true),
        ("I48.9", "Atrial fibrillation or flutter", true),
        ("I50.9", "Heart failure", true),
        ("I63.9", "Stroke caused by a blocked artery", false),
        ("J02.9", "Sore throat, acute", false),
        ("J06.9", "Upper airway infection, acute", false),
        ("J18.9", "Pneumonia, organism not identified", false),
        ("J44.9", "Chronic obstructive lung disease", true),
        ("J45.9", "Asthma", true),
        ("K21.9", "Acid reflux without inflammation of the oesophagus", true),
        ("K29.7", "Inflamed stomach lining", false),
        ("K35.8", "Acute appendicitis", false),
        ("K58.9", "Irritable bowel without diarrhoea", true),
        ("L20.9", "Atopic eczema", true),
        ("L40.0", "Plaque psoriasis", true),
        ("M17.9", "Wear-and-tear arthritis of the knee", true),
        ("M25.5", "Joint pain", false),
        ("M54.5", "Lower back pain", false),
        ("N18.3", "Chronic kidney disease, stage 3", true),
        ("N39.0", "Urinary tract infection", false),
        ("O80", "Uncomplicated vaginal delivery of one baby", false),
        ("R05", "Cough", false),
        ("R10.4", "Abdominal pain", false),
        ("R51", "Headache", false),
        ("S52.5", "Broken wrist (lower end of the radius)", false),
        ("S93.4", "Sprained ankle", false),
        ("T78.4", "Allergic reaction", false),
        ("U07.1", "COVID-19, virus confirmed", false),
        ("Z00.0", "Routine health check", false),
        ("Z23", "Visit for vaccination", false),
    ];

    /// <summary>The ICD-10 chapter a code's letter (and number) belongs to.</summary>
    public static string Chapter(string code) => code[0] switch
    {
        'A' or 'B' => "Infectious and parasitic diseases",
        'C' => "Neoplasms",
        'D' => "Blood and immune system",
        'E' => "Endocrine, nutritional and metabolic",
        'F' => "Mental and behavioural",
        'G' => "Nervous system",
        'H' => int.Parse(code.AsSpan(1, 2), System.Globalization.CultureInfo.InvariantCulture) < 60 ? "Eye and adnexa" : "Ear and mastoid",
        'I' => "Circulatory system",
        'J' => "Respiratory system",
        'K' => "Digestive system",
        'L' => "Skin and subcutaneous tissue",
        'M' => "Musculoskeletal and connective tissue",
        'N' => "Genitourinary system",
        'O' => "Pregnancy and childbirth",
        'R' => "Symptoms and abnormal findings",
        'S' or 'T' => "Injury and poisoning",
        'U' => "Codes for special purposes",
        'Z' => "Factors influencing health status",
        _ => "Other",
    };

    /// <summary>(name, type).</summary>
    public static readonly (string Name, string Type)[] Clinics =
    [
        ("Riverside Family Practice", "general_practice"),
        ("Northgate Medical Centre", "general_practice"),
        ("St. Aldric General Hospital", "hospital"),
        ("Harbourview Community Hospital", "hospital"),
        ("Elmwood Health Centre", "general_practice"),
        ("Meadowbank Heart and Vascular Clinic", "specialist_centre"),
        ("Lakeside Urgent Care", "urgent_care"),
        ("Westbrook Children's Clinic", "specialist_centre"),
        ("Cedar Hill Surgery", "general_practice"),
        ("Kingsway Diabetes Centre", "specialist_centre"),
        ("Millstone Women's Health", "specialist_centre"),
        ("Eastfield Walk-In Clinic", "urgent_care"),
        ("Beacon Regional Hospital", "hospital"),
        ("Willow Lane Medical Group", "general_practice"),
        ("Summit Orthopaedic Clinic", "specialist_centre"),
        ("Brookside Mental Health Service", "specialist_centre"),
        ("Foxley Primary Care", "general_practice"),
        ("Greyfriars Dermatology", "specialist_centre"),
        ("Ashdown Urgent Treatment Centre", "urgent_care"),
        ("Oakridge University Hospital", "hospital"),
    ];

    public static readonly string[] Specialties =
    [
        "general_practice", "cardiology", "endocrinology", "pulmonology", "gastroenterology", "neurology", "psychiatry", "orthopaedics",
        "dermatology", "paediatrics", "obstetrics", "oncology", "emergency_medicine", "nephrology", "ophthalmology",
    ];

    public static readonly string[] Medications =
    [
        "Amlodipine", "Metformin", "Atorvastatin", "Lisinopril", "Salbutamol inhaler", "Omeprazole", "Sertraline", "Levothyroxine",
        "Amoxicillin", "Ibuprofen", "Paracetamol", "Cetirizine", "Prednisolone", "Apixaban", "Ramipril", "Bisoprolol", "Furosemide",
        "Insulin glargine", "Citalopram", "Sumatriptan", "Azithromycin", "Doxycycline", "Nitrofurantoin", "Fluticasone nasal spray",
        "Hydrocortisone cream", "Ferrous sulfate", "Tamsulosin", "Gabapentin",
    ];
}
