// Venmo APIs 16–20: balance top-up and withdrawal, bank transfers and their receipts.
import { fail, p, PAGING, F, DT, type ApiDeclaration, type ApiContext } from "./define.js";
import { paginate } from "./paging.js";
import { cardDigits, creditBalance, ownCard } from "./venmo-views.js";
import { addBankTransfer, formatMoney, roundMoney } from "../mutations.js";

export const RECEIPT_PARAMS = [
  p.str(
    "download_to_file_path",
    "The file path to download the receipt file to in file system app. Path can be absolute, starting with '/', or relative to the user's home directory, starting with '~/'. If not passed, it will be saved in your ~/downloads directory.",
    { default: null },
  ),
  p.bool("overwrite", "Whether to overwrite the file if it already exists.", { default: false }),
  p.str("file_system_access_token", "Access token obtained from file_system app login.", { default: null }),
];

// Receipts are written into the file_system app, which this world does not ship.
export function refuseReceipt(): never {
  fail("Receipts cannot be downloaded: the file_system app is not available in this world.");
}

function balanceOf(c: ApiContext): number {
  return c.state.venmo.accounts.find((a) => a.userId === c.user.id)?.balance ?? 0;
}

export const VENMO_BALANCE: ApiDeclaration[] = [
  {
    name: "add_to_venmo_balance",
    method: "POST",
    path: "/balance",
    description: "Add money to your Venmo balance.",
    auth: true,
    params: [
      p.num("amount", "Amount to add to Venmo balance.", { gt: 0 }),
      p.int("payment_card_id", "ID of the payment card to use for adding balance."),
    ],
    response: { message: "string", bank_transfer_id: 1 },
    handler: (c) => {
      const amount = roundMoney(Number(c.args.amount));
      const card = ownCard(c.state, c.user, c.args.payment_card_id, { forCharge: true });
      if (card.balance < amount)
        fail(`Your payment card does not have ${formatMoney(amount)} to add to your Venmo balance.`);
      card.balance = roundMoney(card.balance - amount);
      creditBalance(c.state, c.user.id, amount);
      const transfer = addBankTransfer(c.state, {
        userId: c.user.id,
        transferType: "card_to_venmo",
        amount,
        paymentCardId: card.id,
      });
      return { message: "Money added to Venmo balance.", bank_transfer_id: transfer.id };
    },
  },
  {
    name: "show_venmo_balance",
    method: "GET",
    path: "/balance",
    description: "Show your Venmo balance.",
    auth: true,
    response: { venmo_balance: F },
    handler: (c) => ({ venmo_balance: balanceOf(c) }),
  },
  {
    name: "withdraw_from_venmo_balance",
    method: "DELETE",
    path: "/balance",
    description: "Withdraw money from your Venmo balance.",
    auth: true,
    params: [
      p.num("amount", "Amount to withdraw from Venmo balance.", { gt: 0 }),
      p.int("payment_card_id", "ID of the payment card to credit the withdrawn amount to."),
    ],
    response: { message: "string", bank_transfer_id: 1 },
    handler: (c) => {
      const amount = roundMoney(Number(c.args.amount));
      const card = ownCard(c.state, c.user, c.args.payment_card_id, { forCharge: true });
      if (balanceOf(c) < amount) fail(`Your Venmo balance does not have ${formatMoney(amount)} to withdraw.`);
      creditBalance(c.state, c.user.id, -amount);
      card.balance = roundMoney(card.balance + amount);
      const transfer = addBankTransfer(c.state, {
        userId: c.user.id,
        transferType: "venmo_to_card",
        amount,
        paymentCardId: card.id,
      });
      return { message: "Money withdrawn from Venmo balance.", bank_transfer_id: transfer.id };
    },
  },
  {
    name: "show_bank_transfer_history",
    method: "GET",
    path: "/bank_transfers",
    description: "Show histroy of money transfer from Venmo to payment card and vice versa.",
    auth: true,
    params: [
      p.str("transfer_type", "Filter bank transfers by type. Will skip filtering if not passed.", {
        default: null,
        oneOf: ["card_to_venmo", "venmo_to_card"],
      }),
      ...PAGING,
    ],
    response: [
      { bank_transfer_id: 1, transfer_type: "card_to_venmo", amount: F, payment_card_digits: "string", created_at: DT },
    ],
    handler: (c) => {
      const transfers = c.state.venmo.bankTransfers.filter(
        (t) => t.userId === c.user.id && (c.args.transfer_type === null || t.transferType === c.args.transfer_type),
      );
      return paginate(transfers, c.args).map((t) => ({
        bank_transfer_id: t.id,
        transfer_type: t.transferType,
        amount: t.amount,
        payment_card_digits: cardDigits(c.state, t.paymentCardId),
        created_at: t.createdAt,
      }));
    },
  },
  {
    name: "download_bank_transfer_receipt",
    method: "GET",
    path: "/bank_transfers/{bank_transfer_id}/receipt",
    description: "Download the receipt of money transfer from Venmo to payment card or vice versa.",
    auth: true,
    params: [p.int("bank_transfer_id", "ID of the bank transfer to download the receipt for."), ...RECEIPT_PARAMS],
    response: { message: "string", file_path: "string" },
    handler: (c) => {
      const transfer = c.state.venmo.bankTransfers.find((t) => t.id === c.args.bank_transfer_id);
      if (!transfer) fail(`The bank transfer with id ${String(c.args.bank_transfer_id)} does not exist.`, 409);
      if (transfer.userId !== c.user.id)
        fail("The given bank transfer does not belong to you, so you cannot access it.");
      refuseReceipt();
    },
  },
];
