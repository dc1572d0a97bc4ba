// Seed data of the emulated account: Cyrillic names, renamed won/lost stages, an Unsorted stage per pipeline.
const { leadFields, leadFieldValues } = require('./seed-fields');

const NOW = 1732000000;

const PIPELINES = [
  {
    id: 3001,
    name: 'Продажи',
    sort: 1,
    is_main: true,
    stages: [
      ['Новая заявка', '#99ccff'],
      ['Квалификация', '#ffff99'],
      ['Переговоры', '#ffcc66'],
      ['Счёт выставлен', '#ff9966'],
    ],
    won: 'Оплачено',
    lost: 'Отказ',
  },
  {
    id: 3002,
    name: 'Опт',
    sort: 2,
    is_main: false,
    stages: [
      ['Запрос цены', '#c1e0ff'],
      ['Коммерческое предложение', '#fffd7f'],
      ['Договор', '#ffc8c8'],
    ],
    won: 'Отгружено',
    lost: 'Сорвалось',
  },
  {
    id: 3003,
    name: 'Партнёры',
    sort: 3,
    is_main: false,
    stages: [
      ['Знакомство', '#d6eaff'],
      ['Пилот', '#ebffb1'],
    ],
    won: 'Партнёр',
    lost: 'Не подошли',
  },
];

function pipelines() {
  return PIPELINES.map((p, pi) => ({
    id: p.id,
    name: p.name,
    sort: p.sort,
    is_main: p.is_main,
    is_unsorted_on: true,
    is_archive: false,
    account_id: 777,
    statuses: [
      { id: 10000 + pi * 100, name: 'Неразобранное', sort: 10, color: '#c1c1c1', type: 1 },
      ...p.stages.map(([name, color], i) => ({
        id: 10001 + pi * 100 + i,
        name,
        sort: 20 + i * 10,
        color,
        type: 0,
      })),
      { id: 142, name: p.won, sort: 10000, color: '#CCFF66', type: 0 },
      { id: 143, name: p.lost, sort: 11000, color: '#D5D8DB', type: 0 },
    ].map((s) => ({ ...s, pipeline_id: p.id, is_editable: s.id !== 142 && s.id !== 143, account_id: 777 })),
  }));
}

const TAG_NAMES = [
  ['VIP', 'FF8F92'],
  ['Горячий', 'FFC8C8'],
  ['Опт', 'D6EAFF'],
  ['Повторная продажа', 'C1E0FF'],
  ['Сайт', null],
  ['Звонок', 'EBFFB1'],
  ['Рекомендация', 'FFFD7F'],
  ['Тендер', 'E6E8EA'],
  ['Москва', null],
  ['Санкт-Петербург', null],
  ['Казань', 'DDEBB5'],
  ['Дилер', 'F9DEFF'],
  ['Срочно', 'FF8F92'],
  ['Холодный', 'C1E0FF'],
  ['Выставка', null],
  ['Instagram', 'FFE0C1'],
  ['Постоянный клиент', 'CCFF66'],
  ['B2B', null],
  ['Скидка', 'FFFD7F'],
  ['Возврат', 'E6E8EA'],
  ['Доставка', null],
  ['Монтаж', 'D6EAFF'],
  ['Сервис', 'EBFFB1'],
  ['Лизинг', null],
  ['Госзаказ', 'F9DEFF'],
  ['Экспорт', null],
  ['Реклама', 'FFC8C8'],
  ['Акция', 'FFE0C1'],
  ['Новый клиент', 'CCFF66'],
  ['Ожидание', null],
];

const LOSS_REASONS = [
  { id: 501, name: 'Дорого', sort: 1 },
  { id: 502, name: 'Выбрали конкурента', sort: 2 },
  { id: 503, name: 'Пропал, не отвечает', sort: 3 },
  { id: 504, name: 'Нет бюджета', sort: 4 },
];

const LEAD_NAMES = [
  'Поставка оборудования для «Северстали»',
  'Ремонт офиса на Тверской',
  'Годовой сервисный контракт',
  'Оптовая закупка бумаги',
  'Внедрение CRM в ООО «Ромашка»',
  'Аренда спецтехники',
  'Обучение отдела продаж',
  'Партнёрство с дилером в Казани',
  'Лицензии на 50 рабочих мест',
  'Доставка мебели в Новосибирск',
  'Монтаж вентиляции',
  'Тендер на поставку ПК',
  'Консультация юриста',
  'Подписка на сервис',
  'Экспорт в Казахстан',
  'Пилотный проект с «Альфой»',
  'Заявка с сайта от Ивана',
  'Повторный заказ картриджей',
];

// The account's users: /api/v4/users and APP.constant('managers') read these. 11 is the sandbox's "admin"
// role and 12 its "manager" role; 14 no longer works here (inactive), as real accounts have such users.
const USERS = [
  { id: 11, name: 'Анна Смирнова', email: 'anna.smirnova@sandbox.test', is_admin: true, is_active: true },
  {
    id: 12,
    name: 'Павел Кузнецов',
    email: 'pavel.kuznetsov@sandbox.test',
    is_admin: false,
    is_active: true,
    can_edit_leads: false,
  },
  { id: 13, name: 'Ольга Иванова', email: 'olga.ivanova@sandbox.test', is_admin: false, is_active: true },
  {
    id: 14,
    name: 'Дмитрий Соколов',
    email: 'dmitry.sokolov@sandbox.test',
    is_admin: false,
    is_active: false,
  },
];
const ACTIVE_USER_IDS = [11, 12, 13];

function leads() {
  const tags = TAG_NAMES.map(([name, color], i) => ({ id: 2001 + i, name, color }));
  const ps = pipelines();
  const list = LEAD_NAMES.map((name, i) => {
    const p = ps[i % ps.length];
    const open = p.statuses.filter((s) => s.type === 0 && s.id !== 142 && s.id !== 143);
    return {
      id: 1001 + i,
      name,
      price: [150000, 0, 2450000, 98000, 1200000, 56000, 340000, 0, 875000][i % 9],
      status_id: open[i % open.length].id,
      pipeline_id: p.id,
      tags: [tags[i % tags.length], tags[(i * 7 + 3) % tags.length]].filter((t, k, a) => a.indexOf(t) === k),
      contacts: [{ id: 4001 + i, is_main: true }, ...(i % 3 === 0 ? [{ id: 4100 + i, is_main: false }] : [])],
      source_id: i % 5 === 0 ? 9001 : null,
      loss_reason_id: null,
    };
  });
  list.push(
    {
      id: 1019,
      name: '<img src=x onerror=alert(1)>',
      price: 1000,
      status_id: 10001,
      pipeline_id: 3001,
      tags: [tags[0]],
      contacts: [],
      source_id: null,
      loss_reason_id: null,
    },
    {
      id: 1020,
      name: 'Очень длинное название сделки '.repeat(7) + 'для проверки переносов в узкой колонке виджетов',
      price: 2147483647,
      status_id: 10002,
      pipeline_id: 3001,
      tags: [],
      contacts: [{ id: 4200, is_main: true }],
      source_id: null,
      loss_reason_id: null,
    },
    {
      id: 1021,
      name: 'Сделка с 50 тегами',
      price: 77000,
      status_id: 10003,
      pipeline_id: 3001,
      tags: Array.from({ length: 50 }, (_, k) => ({
        id: 2101 + k,
        name: k % 2 ? `тег-${k + 1}` : `Tag number ${k + 1}`,
        color: k % 3 ? null : 'D6EAFF',
      })),
      contacts: [],
      source_id: null,
      loss_reason_id: null,
    },
    {
      id: 1022,
      name: '🚀 Запуск — صفقة جديدة مع الشريك 🤝',
      price: 5000,
      status_id: 10101,
      pipeline_id: 3002,
      tags: [tags[15]],
      contacts: [{ id: 4300, is_main: true }],
      source_id: 9001,
      loss_reason_id: null,
    },
    {
      id: 1023,
      name: 'Закупка серверов (отказ)',
      price: 640000,
      status_id: 143,
      pipeline_id: 3002,
      tags: [],
      contacts: [],
      source_id: null,
      loss_reason_id: 501,
    },
    {
      id: 1024,
      name: 'Новая заявка из Неразобранного',
      price: 0,
      status_id: 10000,
      pipeline_id: 3001,
      tags: [],
      contacts: [],
      source_id: 9001,
      loss_reason_id: null,
    },
  );
  return {
    tags,
    leads: list.map((l, i) => ({
      ...l,
      created_at: NOW,
      updated_at: NOW,
      closed_at: l.status_id === 143 ? NOW : null,
      // Spread over the account's active users, so a widget showing "responsible: <name>" meets several.
      responsible_user_id: ACTIVE_USER_IDS[i % ACTIVE_USER_IDS.length],
    })),
  };
}

const FIRST_NAMES = [
  'Иван',
  'Мария',
  'Алексей',
  'Екатерина',
  'Сергей',
  'Наталья',
  'Михаил',
  'Юлия',
  'Андрей',
];
const LAST_NAMES = ['Петров', 'Соколова', 'Морозов', 'Волкова', 'Лебедев', 'Козлова', 'Новиков', 'Попова'];

/** A contact for every id the leads link; a few have no phone or no e-mail, one has two phones. */
function contacts(leadList) {
  const ids = [...new Set(leadList.flatMap((l) => l.contacts.map((c) => c.id)))].sort((a, b) => a - b);
  return ids.map((id, i) => {
    const first = FIRST_NAMES[i % FIRST_NAMES.length];
    // Russian surnames agree with the first name's gender: the -а names here are women's.
    const female = /а$|я$/.test(first);
    const base = LAST_NAMES[(i * 5) % LAST_NAMES.length].replace(/а$/, '');
    const last = female ? `${base}а` : base;
    const phone = `+7 9${String(10 + (i % 89)).padStart(2, '0')} ${String(100 + i * 7).slice(-3)}-${String(10 + i).slice(-2)}-${String(30 + i * 3).slice(-2)}`;
    return {
      id,
      name: `${first} ${last}`,
      first_name: first,
      last_name: last,
      responsible_user_id: ACTIVE_USER_IDS[i % ACTIVE_USER_IDS.length],
      phones:
        i % 4 === 3
          ? []
          : i % 5 === 0
            ? [phone, `+7 495 ${String(200 + i).slice(-3)}-00-${String(10 + i).slice(-2)}`]
            : [phone],
      emails: i % 3 === 2 ? [] : [`contact${id}@example.ru`],
      created_at: NOW,
      updated_at: NOW,
    };
  });
}

// Custom fields of the account (GET /api/v4/{leads|contacts}/custom_fields); ids are the sandbox's own. The lead
// fields and the admin's required-field rules are in seed-fields.js.
const CONTACT_FIELDS = [
  { id: 601, name: 'Телефон', type: 'multitext', sort: 4, code: 'PHONE' },
  { id: 602, name: 'Email', type: 'multitext', sort: 6, code: 'EMAIL' },
  { id: 603, name: 'День рождения', type: 'birthday', sort: 610, code: null },
];

const TASK_TYPES = [
  { id: 1, name: 'Связаться', color: null, icon_id: null, code: 'FOLLOW_UP' },
  { id: 2, name: 'Встреча', color: null, icon_id: null, code: 'MEETING' },
];

function createSeed() {
  const { tags, leads: list } = leads();
  const fields = { leads: leadFields(), contacts: JSON.parse(JSON.stringify(CONTACT_FIELDS)) };
  for (const lead of list) lead.custom_fields_values = leadFieldValues(fields.leads, lead.id);
  // 50-tag lead's own tags also exist in the directory.
  const allTags = [
    ...tags,
    ...list.find((l) => l.id === 1021).tags.filter((t) => !tags.some((x) => x.id === t.id)),
  ];
  return {
    pipelines: pipelines(),
    tags: allTags,
    users: USERS.map((u) => ({ ...u, lang: 'ru', group_id: 0 })),
    contacts: contacts(list),
    customFields: fields,
    taskTypes: TASK_TYPES,
    tasks: [],
    nextTaskId: 7001,
    nextFieldId: 900,
    lossReasons: LOSS_REASONS,
    leads: list,
    account: {
      id: 777,
      name: 'Песочница',
      subdomain: 'sandbox',
      current_user_id: 11,
      country: 'RU',
      currency: 'RUB',
      customers_mode: 'disabled',
      is_unsorted_on: true,
      is_loss_reason_enabled: true,
      is_helpbot_enabled: false,
      is_technical_account: false,
      contact_name_display_order: 1,
      datetime_settings: {
        date_pattern: 'd.m.Y H:i',
        short_date_pattern: 'd.m.Y',
        short_time_pattern: 'H:i',
        date_format: 'd.m.Y',
        time_format: 'H:i:s',
        timezone: 'Europe/Moscow',
        timezone_offset: '+03:00',
      },
    },
    settings: { custom: '' },
    nextTagId: 3000,
  };
}

module.exports = { createSeed };
