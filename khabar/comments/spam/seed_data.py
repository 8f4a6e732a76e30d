"""Hand-written seed examples that let a new site filter spam on day one.

Written for Khabar (not copied from any data set): reader comments on news
articles in Arabic and English, and the kinds of comment spam Arabic sites
see (chat-app sales, followers for sale, diet products, fake certificates,
loans, betting, "watch before deletion" bait) plus classic English link spam.
Phone numbers and links are fictitious.

Worked example::

    >>> from khabar.comments.spam.seed_data import HAM, SPAM
    >>> len(SPAM) >= 40 and len(HAM) >= 40
    True

:func:`khabar.comments.spam.classifier.default_classifier` learns from these;
moderators' decisions then take over.
"""

from __future__ import annotations

__all__ = ["HAM", "SPAM"]

SPAM: tuple[str, ...] = (
    # Arabic: chat-app sales and services
    "للتواصل واتساب 0551234567 أفضل العروض والخصومات في متجرنا",
    "خصم ٥٠٪ على جميع المنتجات، اطلب الآن والتوصيل مجاني لكل المدن",
    "متجر العطور الأصلية بأسعار الجملة، للطلب راسلنا على الواتس",
    "زيادة متابعين انستقرام وتويتر حقيقيين بأرخص الأسعار وبضمان",
    "بيع متابعين ولايكات ومشاهدات، التنفيذ فوري، تواصل سناب",
    "خلطة تخسيس طبيعية تنزل عشرة كيلو في أسبوع بدون رجيم",
    "حبوب التنحيف الأصلية متوفرة الآن، للطلب واتساب",
    "استخراج شهادات جامعية معتمدة وشهادة ايلتس بدون اختبار",
    "نساعدك في حل الواجبات والبحوث الجامعية والرسائل بأسعار مناسبة",
    "قروض سريعة بدون كفيل وبدون تحويل راتب، للتواصل على الرقم",
    "تمويل شخصي فوري للمتقاعدين والموظفين، سداد المديونيات",
    "اربح يومياً من التداول والعملات الرقمية، انضم لقناتنا على التليجرام",
    "أفضل موقع مراهنات رياضية وكازينو أونلاين، مكافأة ترحيبية",
    "شاهد الفيديو قبل الحذف، فضيحة لن تصدقها، الرابط في البايو",
    "مطلوب موظفين ومسوقين للعمل من المنزل براتب مغري، راسلني خاص",
    "جلب الحبيب ورد المطلقة وفك السحر، الشيخ الروحاني للتواصل",
    "شركة نقل عفش بالرياض مع الفك والتركيب والتغليف، خصم خاص",
    "شركة تنظيف منازل ومكافحة حشرات بأفضل الأسعار، اتصل الآن",
    "كريم تبييض وتفتيح البشرة في أسبوع، نتائج مضمونة، اطلبي الآن",
    "تصميم مواقع وتسويق إلكتروني وزيادة زيارات موقعك، خدمات سيو",
    "عرض لفترة محدودة، اشترك الآن واحصل على هدية مجانية",
    "سناب شات بنات للتعارف، أضفني الآن",
    "ربح ألف دولار يومياً من الإنترنت بدون رأس مال، التفاصيل في الرابط",
    "كود خصم نون ونمشي وشي إن، خصم إضافي على طلبك الأول",
    "للبيع أرقام مميزة وحسابات مميزة، السعر قابل للتفاوض، واتساب",
    "تعلم التداول مع أفضل المحللين، توصيات يومية مجانية على التليجرام",
    # English
    "Check out my channel and subscribe, I post new videos every day!",
    "Great article! Visit my website for cheap designer bags: www.example-bags.xyz",
    "Earn $500 a day working from home, no experience needed, click here",
    "Buy followers and likes instantly, 100% real, best price guaranteed",
    "Get a payday loan today with no credit check, apply online now",
    "Best online casino bonus, free spins for new players, sign up today",
    "Hot singles in your area want to meet you tonight, click the link",
    "Crypto investment with guaranteed returns, message me on WhatsApp",
    "I made $3000 last month with this simple trick, see my profile",
    "Cheap viagra and cialis without prescription, fast worldwide shipping",
    "SEO services, guest posts and backlinks for your website, contact us",
    "Please subscribe to my channel, I need 1000 subscribers, thank you!!!",
    "Limited time offer: 70% discount, use promo code SAVE70 at checkout",
    "Work from home and earn easy money, DM me for details",
    "Download free movies and series in HD, visit our site now",
    "Congratulations, you have won a prize, claim your reward now",
)

HAM: tuple[str, ...] = (
    # Arabic reader comments
    "مقال رائع، شكراً للكاتب على هذا التحليل الدقيق",
    "أختلف مع الكاتب في الفقرة الأخيرة، الأرقام لا تدعم هذا الاستنتاج",
    "هل هناك مصدر لهذه الإحصائيات؟ أود قراءة التقرير الأصلي",
    "الله يرحمه ويغفر له، خسارة كبيرة للثقافة العربية",
    "تصحيح بسيط: المباراة أقيمت يوم الخميس وليس الجمعة",
    "الحكومة يجب أن تهتم بالتعليم أولاً قبل أي مشاريع أخرى",
    "ارتفاع الأسعار أصبح لا يطاق، والرواتب كما هي منذ سنوات",
    "تغطية ممتازة للانتخابات، أتمنى أن تتابعوا نتائج الدوائر الصغيرة",
    "هذا الخبر قديم، نشر الأسبوع الماضي في أكثر من صحيفة",
    "ههههه والله كلامك صحيح، نفس الشيء حصل عندنا في الحي",
    "نتمنى التوفيق للمنتخب في المباراة القادمة، اللاعبون قدموا أداء جيداً",
    "من يتحمل مسؤولية انقطاع الكهرباء المتكرر هذا الصيف؟",
    "الزلزال كان مخيفاً، شعرنا به في الطابق الخامس بوضوح",
    "أرجو تصحيح اسم الوزير في العنوان، فيه خطأ إملائي",
    "تحليل منطقي، لكن أظن أن أسعار النفط ستنخفض العام القادم",
    "شكراً على التقرير، هل يمكن نشر رابط الدراسة كاملة؟",
    "القرار سيؤثر على صغار التجار أكثر من الشركات الكبيرة",
    "كنت في المعرض أمس والتنظيم كان أفضل من العام الماضي",
    "أين دور البلدية في صيانة الطرق؟ الحفر في كل مكان",
    "موضوع مهم جداً، التغير المناخي يهدد الزراعة في منطقتنا",
    "تواصلت مع خدمة العملاء بعد قراءة المقال ولم يرد أحد",
    "الكاتب لم يذكر رأي المعارضة، المقال ينقصه التوازن",
    "سعر الذهب اليوم ارتفع، هل هذا بسبب قرار الفيدرالي؟",
    "رواية جميلة، قرأتها العام الماضي وأنصح بها الجميع",
    "جمييييل جداً، أحسنتم في اختيار الصور",
    "لماذا لم تذكروا عدد المصابين؟ الخبر ناقص",
    "أتفق تماماً، الشباب يحتاجون فرص عمل حقيقية وليس وعوداً",
    # English reader comments
    "Thanks for this balanced piece, the background section was very helpful.",
    "I think the headline is misleading; the report says the opposite.",
    "Does anyone know when the new metro line will actually open?",
    "Correction: the match was played on Thursday, not Friday.",
    "Great reporting. Please follow up on what happens to the families.",
    "The numbers in the second chart don't add up, can you check them?",
    "I disagree with the author, but this is a fair summary of both sides.",
    "My condolences to everyone affected by the floods.",
    "Interesting interview, I would like to read more about the economy.",
    "The original study is here for anyone interested: doi.org/10.1000/182",
    "Prices have doubled in my neighbourhood in two years, rent is crazy.",
    "Well written, although the conclusion feels a bit rushed.",
    "Why is there no mention of the opposition's response?",
    "As a teacher I can confirm schools are struggling with this.",
)
