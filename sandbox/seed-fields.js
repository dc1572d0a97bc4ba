// The account's lead custom fields (more than one page of 50, of every kind of type) with the admin's rules
// "fill before entering this stage" (`required_statuses`), and the values the seeded deals already carry.
// sandbox/README.md ("Required fields") says which deal and stage shows what.

// Pipelines and stages of seed.js the rules point at.
const SALES = 3001;
const PARTNERS = 3003;
const QUALIFICATION = 10002; // Продажи: the stage after the first open one
const INVOICE = 10004; // Продажи: Счёт выставлен
const PILOT = 10202; // Партнёры: Пилот
const WON = 142;
const LOST = 143;

const on = (pipeline_id, status_id) => ({ status_id, pipeline_id });

/**
 * [id, name, type, options]. Enum ids are the field id followed by the enum's number (704 → 7041, 7042, ...), so
 * a value in a request is easy to read.
 */
const FIELDS = [
  [701, 'Потребность клиента', 'text', { required: [on(SALES, QUALIFICATION)] }],
  [702, 'Количество единиц', 'numeric'],
  [
    703,
    'Источник обращения',
    'select',
    { enums: ['Сайт', 'Входящий звонок', 'Выставка', 'Рекомендация', 'Социальные сети'] },
  ],
  [
    704,
    'Способ оплаты',
    'select',
    {
      enums: ['Безналичный расчёт', 'Банковская карта', 'Наличные', 'Рассрочка'],
      required: [on(SALES, WON)],
    },
  ],
  [705, 'Номер счёта', 'numeric', { required: [on(SALES, INVOICE)] }],
  [706, 'Дата счёта', 'date', { required: [on(SALES, INVOICE)] }],
  [707, 'Комментарий к отказу', 'textarea', { required: [on(SALES, LOST)] }],
  [708, 'Договор о пилоте (скан)', 'file', { required: [on(PARTNERS, PILOT)] }],
  [
    709,
    'Уровень партнёрства',
    'radiobutton',
    { enums: ['Базовый', 'Серебряный', 'Золотой'], required: [on(PARTNERS, WON)] },
  ],
  [710, 'Сайт партнёра', 'url', { required: [on(PARTNERS, WON)] }],
  [
    711,
    'Регионы работы',
    'multiselect',
    {
      enums: ['Москва', 'Санкт-Петербург', 'Поволжье', 'Урал', 'Сибирь', 'Дальний Восток'],
      required: [on(PARTNERS, WON)],
    },
  ],
  [712, 'Соглашение о неразглашении подписано', 'checkbox', { required: [on(PARTNERS, WON)] }],
  [713, 'Дата и время встречи', 'date_time'],
  [714, 'День рождения ЛПР', 'birthday'],
  [715, 'Адрес доставки', 'smart_address'],
  [716, 'Юридическое лицо покупателя', 'legal_entity'],
  [717, 'Товары из каталога', 'chained_list'],
  [718, 'Адрес офиса клиента', 'streetaddress'],
  [719, 'Предоплата', 'monetary'],
  [720, 'ИНН', 'text'],
  [721, 'КПП', 'text'],
  [
    722,
    'Отрасль',
    'select',
    {
      enums: [
        'Производство',
        'Розничная торговля',
        'Оптовая торговля',
        'IT',
        'Строительство',
        'Логистика',
        'Образование',
        'Медицина',
      ],
    },
  ],
  [723, 'Размер компании', 'radiobutton', { enums: ['до 10 сотрудников', '10–50', '50–250', 'более 250'] }],
  [724, 'Менеджер проекта у клиента', 'text'],
  [725, 'Желаемая дата поставки', 'date'],
  [726, 'Скидка, %', 'numeric'],
  [727, 'Требуется монтаж', 'checkbox'],
  [728, 'Ссылка на коммерческое предложение', 'url'],
  [729, 'Номер договора', 'text'],
  [730, 'Дата договора', 'date'],
  [731, 'Условия оплаты', 'textarea'],
  [
    732,
    'Конкуренты в сделке',
    'multiselect',
    { enums: ['«Альфа-Софт»', '«БетаТорг»', '«ГаммаПро»', 'Собственная разработка клиента'] },
  ],
  [733, 'Каналы связи', 'multiselect', { enums: ['Телефон', 'Email', 'Telegram', 'WhatsApp'] }],
  [734, 'Удобное время звонка', 'select', { enums: ['Утро (9–12)', 'День (12–15)', 'Вечер (15–18)'] }],
  [735, 'Город клиента', 'text'],
  [736, 'Вес груза, кг', 'numeric'],
  [737, 'Объём, м³', 'numeric'],
  [738, 'Тип доставки', 'radiobutton', { enums: ['Самовывоз', 'Курьер', 'Транспортная компания'] }],
  [739, 'Трек-номер', 'text'],
  [740, 'Дата отгрузки', 'date'],
  [741, 'Счёт оплачен', 'checkbox'],
  [742, 'Промокод', 'text'],
  [743, 'Рейтинг клиента', 'select', { enums: ['A', 'B', 'C'] }],
  [744, 'Внутренний комментарий', 'textarea'],
  [745, 'Customer PO number', 'text'],
  [746, 'Delivery deadline', 'date'],
  [747, 'Preferred language', 'select', { enums: ['Русский', 'English', 'Español', 'Português'] }],
  [748, 'Newsletter consent', 'checkbox'],
  [749, 'Lead score', 'numeric'],
  [750, 'Signed contract (PDF)', 'file'],
  // amoCRM's predefined tracking fields: filled by forms and integrations, carried as {value: string}.
  ...[
    'UTM_SOURCE',
    'UTM_MEDIUM',
    'UTM_CAMPAIGN',
    'UTM_CONTENT',
    'UTM_TERM',
    'UTM_REFERRER',
    'ROISTAT',
    'REFERRER',
    'OPENSTAT_SERVICE',
    'OPENSTAT_CAMPAIGN',
    'OPENSTAT_AD',
    'OPENSTAT_SOURCE',
    'FROM',
    'GCLIENTID',
    '_YM_UID',
    '_YM_COUNTER',
    'GCLID',
    'YCLID',
    'FBCLID',
  ].map((code, i) => [751 + i, code.toLowerCase(), 'tracking_data', { code }]),
];

function leadFields() {
  return FIELDS.map(([id, name, type, options = {}], i) => ({
    id,
    name,
    type,
    code: options.code || null,
    // Tracking fields come last, as amoCRM lists its predefined groups after the account's own fields.
    sort: (type === 'tracking_data' ? 2000 : 500) + i * 2,
    enums: options.enums
      ? options.enums.map((value, k) => ({ id: id * 10 + k + 1, value, sort: (k + 1) * 10, code: null }))
      : undefined,
    required_statuses: options.required || undefined,
  }));
}

const MOSCOW = 3 * 3600;
/** Midnight in Moscow (the account's time zone) of a YYYY-MM-DD day, in Unix seconds. */
const day = (text) => {
  const [y, m, d] = text.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 1000 - MOSCOW;
};

/**
 * The values each deal starts with, by field id, in a readable form: text, a number (numeric fields store it as a
 * string), a boolean, a day 'YYYY-MM-DD' or 'YYYY-MM-DD HH:mm' (dates), enum names (choices), or a raw stored value.
 * Deals not listed have no values (GET shows `custom_fields_values: null`), e.g. 1001.
 */
const VALUES = {
  // Продажи
  1004: {
    701: 'Поставка 40 станков ЧПУ с монтажом',
    702: 40,
    705: 2024117,
    706: '2024-11-18',
    727: true,
    722: 'Производство',
  },
  1007: { 701: 'Годовое обслуживание 12 объектов', 703: 'Рекомендация', 733: ['Телефон', 'Telegram'] },
  1010: { 701: 'Бумага А4, 300 коробок в квартал', 702: 300, 736: 7500 },
  1013: { 701: 'Консультация по договору поставки (заявка с формы)', 703: 'Сайт', 751: 'yandex', 752: 'cpc' },
  1016: {
    701: 'Экспорт оборудования, 3 контейнера',
    705: 2024121,
    706: '2024-11-20',
    704: 'Безналичный расчёт',
    720: '7707083893',
    721: '770701001',
  },
  1021: { 701: 'Комплексное оснащение склада' },
  // Опт
  1002: { 702: 12, 703: 'Входящий звонок', 720: '5403123456', 733: ['Телефон', 'Email'], 735: 'Новосибирск' },
  1008: { 702: 8, 713: '2024-11-25 14:30', 714: '1979-05-14', 734: 'День (12–15)' },
  1014: { 702: 14, 713: '2024-11-26 11:00', 747: 'English', 745: 'PO-2024-0381' },
  1022: { 747: 'English', 751: 'instagram', 752: 'social', 753: 'launch_2024' },
  // Партнёры
  1006: { 708: { file: 'pilot-kazan.pdf' }, 710: 'https://partner-kazan.ru' },
  1012: {
    708: { file: 'pilot-alfa.pdf' },
    709: 'Золотой',
    710: 'https://alfa-partner.ru',
    711: ['Москва', 'Поволжье'],
    712: true,
  },
  // Filled in the card: the file value is an object, not text — a widget must not take it for empty.
  1015: { 708: { file: 'pilot-export.pdf' }, 724: 'Марина Белова' },
  // Неразобранное: what the site's form sent.
  1024: { 751: 'google', 752: 'cpc', 753: 'brand', 756: 'https://www.google.com/', 767: 'Cj0KCQiA-sandbox' },
};

/** A file field's value as amoCRM's GET shows one (file_uuid, version_uuid, file_name, file_size, is_deleted). */
function fileValue(id, name) {
  const uuid = (n) => `5f0c6a1e-${String(id).padStart(4, '0')}-4b2a-9c1d-${String(n).padStart(12, '0')}`;
  return {
    value: {
      file_uuid: uuid(1),
      version_uuid: uuid(2),
      file_name: name,
      file_size: 248731,
      is_deleted: false,
    },
  };
}

/** A readable value → the stored form the API routes keep (see custom-fields.js). */
function stored(field, leadId, value) {
  if (field.enums) {
    const names = Array.isArray(value) ? value : [value];
    return names.map((name) => ({ enum_id: field.enums.find((e) => e.value === name).id }));
  }
  if (field.type === 'file') return [fileValue(leadId, value.file)];
  if (field.type === 'numeric') return [{ value: String(value) }];
  if (['date', 'birthday', 'date_time'].includes(field.type)) {
    const [date, time = '00:00'] = value.split(' ');
    const [h, m] = time.split(':').map(Number);
    return [{ value: day(date) + h * 3600 + m * 60 }];
  }
  return [{ value }];
}

/** The seeded values of one deal, as stored on it (`custom_fields_values` of the lead in state). */
function leadFieldValues(fields, leadId) {
  const wanted = VALUES[leadId] || {};
  return Object.keys(wanted).map((id) => {
    const field = fields.find((f) => f.id === Number(id));
    return { field_id: field.id, values: stored(field, leadId, wanted[id]) };
  });
}

module.exports = { leadFields, leadFieldValues };
