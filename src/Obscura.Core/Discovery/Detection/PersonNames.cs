using System.Collections.Frozen;

namespace Obscura.Core.Discovery.Detection;

/// <summary>
/// Small embedded dictionaries of common given names and family names across cultures (English-speaking, Indian,
/// Hispanic and Portuguese, French, German, Italian, Dutch and Nordic, Slavic, Arabic, Chinese, Japanese, Korean,
/// Vietnamese, African), a few hundred each, folded to lower-case ASCII. Written for Obscura; they are evidence,
/// not a census: a column of names scores by the share of its values that contain a known name.
/// </summary>
public static class PersonNames
{
    private const string IndianGiven = """
        aarav aditya ajay akash amit anand anil ankit arjun arun ashok deepak dinesh ganesh gaurav harish hemant jagdish kiran krishna
        lakshmi mahesh manish manoj mohan mukesh naresh nikhil pankaj prakash pradeep rahul raj rajesh rakesh ram ramesh ravi rohit sachin
        sanjay santosh satish shankar shiva siddharth sunil suresh vijay vikas vikram vinod vishal yogesh aarti aishwarya ananya anita
        anjali asha deepa divya geeta gita jyoti kavita kavya lata meena neha nisha pooja priya priyanka radha rekha rani ritu sangeeta
        sarita shalini shanti shreya sita sneha sonia sunita swati usha vandana anushka isha kriti tanvi aditi ishaan vihaan reyansh sai
        arnav ayaan kabir rudra advik rohan varun karan harsh kunal abhishek abhinav akshay amitabh girish govind hari jayant madhav nitin
        om prem rajiv sameer sandeep shyam tarun uday vivek yash zoya ayesha farhan imran irfan salman sana shabana rizwan arif nasir
        gopal venkat srinivas subramaniam balaji murali raghav lalit hitesh jatin kartik mayank naveen pranav rajat sahil tushar vineet
        chandra indira kamala padma pushpa savitri shobha sudha uma vasanti bhavna komal manisha pallavi poonam preeti rashmi ruchi
        seema shweta smita sonal tanya vidya yamini gurpreet harpreet jaspreet manpreet simran baljit harjit amrit navdeep parminder
        sukhwinder ranjit inderjit kuldeep mandeep rupinder anirudh ashwin chetan darshan devendra gautam jitendra keshav lokesh
        mahendra narendra nilesh omkar pavan rajendra sagar sanket shailesh sumit umesh vaibhav anupama bharati chitra durga gayatri
        hema jaya kalpana leela madhuri malini nandini nirmala parvati revathi saraswati shakuntala sharmila sushma tara veena
        """;

    private const string OtherGiven = """
        james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark donald steven paul
        andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry
        justin scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry
        douglas zachary peter kyle ethan walter noah jeremy christian keith roger terry gerald harold sean austin carl arthur lawrence dylan
        jesse jordan bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah randy roy vincent ralph eugene russell bobby
        mason philip louis steve tom bob jim mike bill fred tony nick dan chris matt ben sam max leo luke jake alex mary patricia jennifer
        linda elizabeth barbara susan jessica sarah karen nancy margaret lisa betty dorothy sandra ashley kimberly donna emily michelle carol
        amanda melissa deborah stephanie rebecca laura sharon cynthia kathleen amy shirley angela helen anna brenda pamela nicole samantha
        katherine emma ruth christine catherine debra rachel carolyn janet virginia maria heather diane julie joyce victoria kelly christina
        joan evelyn lauren judith olivia frances martha cheryl megan andrea hannah jacqueline ann anne jean alice kathryn gloria teresa doris
        sara janice julia marie madison grace judy theresa beverly denise marilyn amber danielle abigail brittany rose diana natalie sophia
        alexis lori kayla jane ella chloe mia ava lily zoe ruby lucy holly jade molly ellie sophie freya isla poppy charlotte amelia harry
        oliver george charlie oscar archie leon ricardo carlos jorge pedro miguel antonio manuel francisco javier diego fernando alejandro
        rafael roberto eduardo sergio pablo andres marcos lucas mateo santiago joao paulo luis fernanda camila lucia sofia valentina
        isabella carmen rosa elena marta paula beatriz juliana mariana gabriela adriana leonor monica luciana alberto enrique ramon raul
        jean pierre michel francois philippe nicolas julien camille sophie isabelle nathalie celine manon elodie dominique etienne
        sylvie veronique martine helene aurelie mathieu guillaume thierry olivier hans jurgen klaus wolfgang stefan andreas uwe gunter
        helga ursula monika petra sabine karin brigitte renate leonie lukas jonas felix maximilian anja katrin heike birgit dieter horst
        giuseppe giovanni marco luca francesco alessandro matteo lorenzo giulia chiara francesca alessia federico riccardo stefano
        mohammed muhammad mohamed ahmed ali omar hassan hussein khalid youssef yusuf ibrahim mustafa fatima aisha mariam layla noor
        zainab karim tariq hamza bilal wei fang min jing li xiu lei yan jun hui ming hong ying xin hao yang jie qiang lan mei hiroshi
        takeshi kenji yuki haruto sota yuto akira sakura yui aoi hina yuna kaito ren daiki kazuo takashi naoko yoko keiko minho jiwoo
        seojun jisoo minji hyun kwame kofi ama chinedu ngozi oluwaseun tunde amara zola thabo sipho ivan dmitri sergei alexei olga
        natasha tatiana svetlana anastasia pavel vladimir nikolai irina lars erik sven anders ingrid astrid johan jan piotr krzysztof
        agnieszka katarzyna daan sanne bram lotte emil oskar hugo axel nils linnea signe mads frederik malik andre andrea aurora
        edith edna eleanor esther florence gertrude hazel irene josephine lillian louise mildred norma pauline phyllis vera wanda
        agnes alma bertha clara dora ida ines jenny lena lina maya nina nora tina vicky adrian cameron colin craig derek dustin edgar
        elliot felipe glen gordon grant howard hugh ian jared jay jeff joel karl kurt lee lewis marcus martin neil norman oscar owen
        phil ray rex rick ross roy shane simon penelope nick ed stanley stuart ted todd travis trevor troy victor wade warren wesley angus malcolm
        """;

    private const string IndianFamily = """
        sharma verma gupta singh kumar patel shah mehta joshi desai reddy rao nair menon pillai iyer iyengar agarwal aggarwal bansal goel
        jain kapoor khanna malhotra chopra bhatia sethi arora saxena srivastava mishra pandey tiwari dubey tripathi chaturvedi yadav
        chauhan thakur rathore rajput das dutta ghosh bose banerjee chatterjee mukherjee sen roy chakraborty bhattacharya kulkarni
        deshpande patil pawar jadhav shinde naidu choudhury chowdhury sinha prasad mahajan bhat hegde shetty kamath krishnan
        subramanian venkatesh raman gowda naik pandit trivedi bhatt vyas dave soni kaur gill sandhu dhillon grewal sidhu ahmed khan
        qureshi siddiqui ansari shaikh mirza hussain sheikh varghese mathew kurian fernandes dsouza pereira rodrigues gomes chandra
        acharya ahuja bajaj bedi chawla dhawan garg goyal grover jindal kohli luthra mittal nagpal oberoi puri rastogi sachdeva
        sabharwal talwar tandon wadhwa bhardwaj kashyap bhandari negi rawat bisht joshi upadhyay dwivedi shukla awasthi bajpai
        """;

    private const string OtherFamily = """
        smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson anderson thomas taylor
        moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson walker young allen king wright scott
        torres nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter roberts gomez phillips evans turner diaz
        parker cruz edwards collins reyes stewart morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed
        kelly howard ramos kim cox ward richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez
        castillo sanders myers long ross foster jimenez powell jenkins perry russell sullivan bell coleman butler henderson barnes
        gonzales fisher vasquez simmons romero jordan patterson alexander hamilton graham reynolds griffin wallace moreno west cole
        hayes bryant herrera gibson ellis tran medina aguilar stevens murray ford castro marshall owens harrison fernandez mcdonald
        woods washington kennedy wells vargas henry chen freeman webb tucker guzman burns crawford olson simpson porter hunter gordon
        mendez silva shaw snyder mason dixon munoz hunt hicks holmes palmer wagner black robertson boyd rose stone salazar fox warren
        mills meyer rice schmidt garza daniels ferguson nichols stephens soto weaver ryan gardner payne grant dunn spencer hawkins
        arnold pierce vazquez hansen peters santos hart bradley knight elliott cunningham duncan armstrong hudson carroll lane riley
        andrews ray delgado berry perkins hoffman johnston matthews pena richards contreras willis carpenter lawrence sandoval muller
        schneider fischer weber becker schulz hoffmann schafer koch bauer richter klein wolf schroder neumann schwarz zimmermann braun
        kruger hofmann hartmann lange schmitt werner krause meier lehmann kohler bernard dubois robert richard petit durand leroy moreau
        simon laurent lefebvre michel david bertrand roux vincent fournier morel girard andre lefevre mercier dupont lambert bonnet
        francois tremblay gagnon cote bouchard gauthier rossi russo ferrari esposito bianchi romano colombo ricci marino greco bruno
        gallo conti costa giordano mancini rizzo lombardi moretti alonso navarro dominguez gil serrano blanco suarez molina ortega
        rubio marin sanz iglesias oliveira souza lima ferreira alves ribeiro carvalho martins rocha almeida barbosa araujo goncalves
        mendes nunes cardoso wang zhang liu yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng liang xie tang han cao
        deng feng zeng peng wong chan lau cheung ng ho tan lim chua goh sato suzuki takahashi tanaka watanabe ito yamamoto nakamura
        kobayashi kato yoshida yamada sasaki yamaguchi matsumoto inoue kimura hayashi shimizu saito park choi jung kang cho yoon jang
        le pham hoang phan vu dang bui do hassan hussein ali mohamed ibrahim abdullah mahmoud khalil haddad nasser saleh aziz rahman
        ivanov smirnov kuznetsov popov petrov sokolov novak kowalski nowak wisniewski wojcik kowalczyk horvat novotny dvorak jansen
        bakker visser smit dejong devries johansson andersson karlsson nilsson eriksson larsson olsen nielsen jensen pedersen okafor
        okonkwo adeyemi mensah owusu boateng nkosi dlamini mokoena kamau otieno mwangi diallo traore keita young adams edwards
        kohler gruber huber steiner moser bergstrom lindqvist hakansson virtanen korhonen mckenzie macdonald obrien oconnor murphy
        walsh byrne kelly doyle quinn brennan gallagher fitzgerald lynch duffy
        """;

    private static readonly FrozenSet<string> IndianGivenSet = Split(IndianGiven);
    private static readonly FrozenSet<string> GivenSet = Split(IndianGiven + " " + OtherGiven);
    private static readonly FrozenSet<string> IndianFamilySet = Split(IndianFamily);
    private static readonly FrozenSet<string> FamilySet = Split(IndianFamily + " " + OtherFamily);
    private static readonly FrozenSet<string> Honorifics = Split("mr mrs ms miss dr prof sir madam mx shri smt sri kumari herr frau sr sra srta mme mlle dra");
    private static readonly FrozenSet<string> Particles = Split("de da do dos das del della di van von der den la le bin bint al el ben ter du st mc mac");

    /// <summary>Given names in the dictionary.</summary>
    public static int GivenNameCount => GivenSet.Count;

    /// <summary>Family names in the dictionary.</summary>
    public static int FamilyNameCount => FamilySet.Count;

    /// <summary>True when the word (any case and accents) is a known given name.</summary>
    public static bool IsGivenName(ReadOnlySpan<char> word) => GivenSet.Contains(TextFold.Fold(word));

    /// <summary>True when the word (any case and accents) is a known family name.</summary>
    public static bool IsFamilyName(ReadOnlySpan<char> word) => FamilySet.Contains(TextFold.Fold(word));

    /// <summary>True for a folded word in the Indian given or family name lists.</summary>
    internal static bool IsIndian(string folded) => IndianGivenSet.Contains(folded) || IndianFamilySet.Contains(folded);

    /// <summary>True for a folded honorific (<c>mr</c>, <c>dr</c>, <c>smt</c>).</summary>
    internal static bool IsHonorific(string folded) => Honorifics.Contains(folded);

    /// <summary>True for a folded name particle (<c>van</c>, <c>de</c>, <c>al</c>).</summary>
    internal static bool IsParticle(string folded) => Particles.Contains(folded);

    /// <summary>True for a folded given name.</summary>
    internal static bool IsGivenFolded(string folded) => GivenSet.Contains(folded);

    /// <summary>True for a folded family name.</summary>
    internal static bool IsFamilyFolded(string folded) => FamilySet.Contains(folded);

    private static FrozenSet<string> Split(string words) =>
        words.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);
}
