import type { TopupField } from '@cardshop/db';

/** The demo catalog: what the two demo suppliers sell and what each demo shop lists. */

export interface DemoSku {
  name: string;
  faceYuan?: number;
  wholesaleYuan: number;
  /** Card codes generated for it; omitted for top-ups and physical cards. */
  codes?: number;
  /** Physical cards: how many the supplier has on hand. */
  stock?: number;
  /** Sold as a shared account up to this many times. */
  reuse?: number;
  min?: number;
  max?: number;
}

export interface DemoProduct {
  key: string;
  supplier: 'xingchen' | 'yuntu';
  category: string;
  type: 'card_code' | 'direct_topup' | 'physical_card';
  name: string;
  description: string;
  regionLock?: string;
  topupFields?: TopupField[];
  /** Codes come as card number + password pairs. */
  pairs?: boolean;
  skus: DemoSku[];
}

const howToRedeem = (where: string) =>
  `## 使用方法\n\n1. 付款后在订单页查看卡密（也会发送到你的邮箱）。\n2. 打开 **${where}**，进入充值页面，输入卡密完成兑换。\n\n> 卡密一经查看不支持退换，请确认账号区服后再购买。`;

export const DEMO_PRODUCTS: DemoProduct[] = [
  {
    key: 'wzry',
    supplier: 'xingchen',
    category: 'tencent-games',
    type: 'card_code',
    name: '王者荣耀点券',
    description: `王者荣耀官方点券兑换码，全区全服通用。\n\n${howToRedeem('王者荣耀 > 商城 > 点券充值 > 兑换码')}`,
    skus: [
      { name: '60 点券', faceYuan: 6, wholesaleYuan: 5.7, codes: 30 },
      { name: '300 点券', faceYuan: 30, wholesaleYuan: 28.5, codes: 20 },
      { name: '680 点券', faceYuan: 68, wholesaleYuan: 64.6, codes: 8 },
    ],
  },
  {
    key: 'genshin',
    supplier: 'xingchen',
    category: 'mihoyo',
    type: 'card_code',
    name: '原神 创世结晶兑换码',
    description: `原神官服创世结晶兑换码，仅限天空岛/世界树服务器。\n\n${howToRedeem('原神 > 设置 > 账户 > 兑换码')}`,
    regionLock: '仅限国服（天空岛、世界树）',
    skus: [
      { name: '60 创世结晶', faceYuan: 6, wholesaleYuan: 5.6, codes: 25 },
      { name: '330 创世结晶', faceYuan: 30, wholesaleYuan: 28.2, codes: 15 },
      { name: '1980 创世结晶', faceYuan: 198, wholesaleYuan: 186, codes: 4 },
    ],
  },
  {
    key: 'menghuan',
    supplier: 'xingchen',
    category: 'netease-games',
    type: 'card_code',
    pairs: true,
    name: '网易一卡通 梦幻西游点卡',
    description: `网易一卡通（卡号 + 密码），可充值梦幻西游等网易游戏。\n\n${howToRedeem('网易一卡通充值中心')}`,
    skus: [
      { name: '30 元', faceYuan: 30, wholesaleYuan: 28.8, codes: 20 },
      { name: '100 元', faceYuan: 100, wholesaleYuan: 96, codes: 12 },
    ],
  },
  {
    key: 'steam',
    supplier: 'xingchen',
    category: 'steam-wallet',
    type: 'card_code',
    name: 'Steam 钱包充值卡',
    description: `Steam 国区钱包充值码。\n\n${howToRedeem('Steam 客户端 > 账户明细 > 充值 Steam 钱包 > 兑换钱包码')}`,
    regionLock: '仅限国区 Steam 账户',
    skus: [
      { name: '50 元', faceYuan: 50, wholesaleYuan: 48.5, codes: 15 },
      { name: '100 元', faceYuan: 100, wholesaleYuan: 97, codes: 3 },
    ],
  },
  {
    key: 'iqiyi',
    supplier: 'xingchen',
    category: 'iqiyi',
    type: 'card_code',
    name: '爱奇艺黄金会员激活码',
    description: `爱奇艺黄金 VIP 会员激活码，支持电脑、手机、平板。\n\n${howToRedeem('爱奇艺 App > 我的 > 激活码兑换')}`,
    skus: [
      { name: '月卡', faceYuan: 30, wholesaleYuan: 15.8, codes: 40 },
      { name: '季卡', faceYuan: 68, wholesaleYuan: 44, codes: 10 },
      { name: '年卡', faceYuan: 248, wholesaleYuan: 158, codes: 5 },
    ],
  },
  {
    key: 'txvideo',
    supplier: 'xingchen',
    category: 'tencent-video',
    type: 'card_code',
    name: '腾讯视频 VIP 月卡',
    description: `腾讯视频好莱坞会员兑换码。\n\n${howToRedeem('腾讯视频 App > 个人中心 > VIP 会员 > 兑换')}`,
    skus: [{ name: '月卡', faceYuan: 30, wholesaleYuan: 16.5, codes: 30 }],
  },
  {
    key: 'bili',
    supplier: 'xingchen',
    category: 'bilibili',
    type: 'card_code',
    name: '哔哩哔哩大会员 共享账号',
    description:
      '大会员共享账号，**多人共用**，仅供观看，请勿修改密码或绑定手机。账号到期前可联系客服续期。\n\n## 注意\n\n- 同时在线设备有限，高峰期可能被挤下线。\n- 违规修改账号信息将取消售后。',
    skus: [{ name: '30 天共享', wholesaleYuan: 3.5, codes: 4, reuse: 5 }],
  },
  {
    key: 'qqmusic',
    supplier: 'xingchen',
    category: 'qq-music',
    type: 'card_code',
    name: 'QQ音乐 绿钻豪华版',
    description: `QQ音乐绿钻豪华版兑换码，畅听付费歌曲与无损音质。\n\n${howToRedeem('QQ音乐 > 我的 > 会员中心 > 兑换码')}`,
    skus: [
      { name: '月卡', faceYuan: 18, wholesaleYuan: 11.8, codes: 25 },
      { name: '年卡', faceYuan: 180, wholesaleYuan: 118, codes: 6 },
    ],
  },
  {
    key: 'win11',
    supplier: 'xingchen',
    category: 'software-licences',
    type: 'card_code',
    name: 'Windows 11 专业版 激活密钥',
    description:
      'Windows 11 专业版零售密钥，支持一台电脑永久激活。\n\n## 激活步骤\n\n1. 设置 > 系统 > 激活 > 更改产品密钥。\n2. 输入 25 位密钥，联网激活。',
    regionLock: '仅限中国大陆地区激活',
    skus: [{ name: '零售版密钥', wholesaleYuan: 38, codes: 12, max: 5 }],
  },
  {
    key: 'appstore',
    supplier: 'xingchen',
    category: 'app-store',
    type: 'card_code',
    name: 'App Store 充值卡',
    description: `Apple 礼品卡，可用于 App Store、iCloud、Apple Music。\n\n${howToRedeem('App Store > 账户 > 兑换充值卡或代码')}`,
    regionLock: '仅限中国区 Apple ID',
    skus: [
      { name: '100 元', faceYuan: 100, wholesaleYuan: 97.5, codes: 10 },
      { name: '500 元', faceYuan: 500, wholesaleYuan: 489, codes: 2 },
    ],
  },
  {
    key: 'cmcc',
    supplier: 'yuntu',
    category: 'china-mobile',
    type: 'direct_topup',
    name: '中国移动 话费直充',
    description:
      '全国移动号码话费直充，一般 1–10 分钟到账，高峰期最迟 24 小时。\n\n> 请仔细核对手机号，充错号码无法退回。',
    topupFields: [{ key: 'phone', label: '充值手机号', kind: 'mobile_cn', required: true }],
    skus: [
      { name: '50 元', faceYuan: 50, wholesaleYuan: 49.2, max: 5 },
      { name: '100 元', faceYuan: 100, wholesaleYuan: 98.3, max: 5 },
    ],
  },
  {
    key: 'unicom',
    supplier: 'yuntu',
    category: 'china-unicom',
    type: 'direct_topup',
    name: '中国联通 话费直充',
    description: '全国联通号码话费直充，通常 10 分钟内到账。',
    topupFields: [{ key: 'phone', label: '充值手机号', kind: 'mobile_cn', required: true }],
    skus: [{ name: '100 元', faceYuan: 100, wholesaleYuan: 98.5, max: 5 }],
  },
  {
    key: 'qqvip',
    supplier: 'yuntu',
    category: 'tencent-games',
    type: 'direct_topup',
    name: 'QQ 会员 直充',
    description: '填写 QQ 号即可开通 QQ 会员，开通后立即生效。',
    topupFields: [{ key: 'qq', label: 'QQ 号', kind: 'qq', required: true }],
    skus: [
      { name: '1 个月', faceYuan: 10, wholesaleYuan: 9.3 },
      { name: '12 个月', faceYuan: 120, wholesaleYuan: 110 },
    ],
  },
  {
    key: 'jdcard',
    supplier: 'yuntu',
    category: 'physical-cards',
    type: 'physical_card',
    name: '京东E卡 实体卡',
    description: '京东E卡实体卡，顺丰包邮，可在京东自营商品使用。\n\n发货后可在订单页查看物流。',
    skus: [
      { name: '500 元面值', faceYuan: 500, wholesaleYuan: 492, max: 3, stock: 48 },
      { name: '1000 元面值', faceYuan: 1000, wholesaleYuan: 983, max: 2, stock: 7 },
    ],
  },
];

export interface DemoShopCatalog {
  stockDisplay: 'exact' | 'range' | 'status';
  categories: Array<{ slug: string; name: string; icon: string; products: string[] }>;
  /** Markup over wholesale, in basis points; some listings use fixed prices instead. */
  markupBps: number;
  fixedPrices?: Record<string, number>;
  featured: string[];
}

export const DEMO_SHOP_CATALOGS: Record<'demo' | 'game' | 'vip', DemoShopCatalog> = {
  demo: {
    stockDisplay: 'range',
    markupBps: 800,
    fixedPrices: { 'iqiyi:月卡': 19.9, 'txvideo:月卡': 19.9 },
    featured: ['wzry', 'iqiyi', 'cmcc', 'genshin'],
    categories: [
      {
        slug: 'games',
        name: '游戏点卡',
        icon: '🎮',
        products: ['wzry', 'genshin', 'menghuan', 'steam'],
      },
      { slug: 'topup', name: '话费充值', icon: '📱', products: ['cmcc', 'unicom', 'qqvip'] },
      {
        slug: 'vip',
        name: '影音会员',
        icon: '🎬',
        products: ['iqiyi', 'txvideo', 'bili', 'qqmusic'],
      },
      { slug: 'more', name: '软件与礼品卡', icon: '🎁', products: ['win11', 'appstore', 'jdcard'] },
    ],
  },
  game: {
    stockDisplay: 'exact',
    markupBps: 500,
    featured: ['wzry', 'genshin'],
    categories: [
      { slug: 'tencent', name: '腾讯游戏', icon: '🐧', products: ['wzry', 'qqvip'] },
      { slug: 'mihoyo', name: '米哈游', icon: '✨', products: ['genshin'] },
      { slug: 'netease', name: '网易游戏', icon: '🎲', products: ['menghuan'] },
      { slug: 'steam', name: 'Steam', icon: '🕹️', products: ['steam'] },
    ],
  },
  vip: {
    stockDisplay: 'status',
    markupBps: 1200,
    featured: ['iqiyi', 'qqmusic'],
    categories: [
      { slug: 'video', name: '视频会员', icon: '📺', products: ['iqiyi', 'txvideo', 'bili'] },
      { slug: 'music', name: '音乐会员', icon: '🎧', products: ['qqmusic'] },
    ],
  },
};
