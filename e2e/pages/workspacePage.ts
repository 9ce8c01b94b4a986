/** A page object for the workspace: the palette, the canvas, the inspector and the toolbar. */
import { expect, type Locator, type Page } from '@playwright/test';

export type PaletteName = 'Process' | 'Data store' | 'External entity' | 'Trust boundary';

export class WorkspacePage {
  constructor(readonly page: Page) {}

  async openBlankModel(): Promise<void> {
    await this.page.goto('/');
    await this.page.getByRole('button', { name: 'New model' }).click();
    await expect(this.canvas).toBeVisible();
  }

  /** Starts from the web-application starter template, the model most journeys work on. */
  async openWebApplicationTemplate(): Promise<void> {
    await this.page.goto('/');
    await this.page
      .getByRole('button', { name: 'Use template Web application with API and database' })
      .click();
    await expect(this.nodes.first()).toBeVisible();
  }

  get canvas(): Locator {
    return this.page.getByRole('application');
  }

  get inspector(): Locator {
    return this.page.getByRole('region', { name: 'Inspector' });
  }

  node(label: string): Locator {
    return this.page.getByRole('group', { name: label, exact: true });
  }

  get nodes(): Locator {
    return this.page.locator('.react-flow__node');
  }

  get edges(): Locator {
    return this.page.locator('.react-flow__edge');
  }

  async add(item: PaletteName): Promise<void> {
    await this.page
      .getByRole('toolbar', { name: 'Palette' })
      .getByRole('button', { name: item, exact: true })
      .click();
  }

  /** Renames the selected item through the inspector. */
  async rename(name: string): Promise<void> {
    const field = this.inspector.getByLabel('Name', { exact: true });
    await field.fill(name);
    await expect(field).toHaveValue(name);
  }

  async select(label: string): Promise<void> {
    await this.node(label).click({ position: { x: 12, y: 12 } });
  }

  /** Drags a node by `dx, dy` screen pixels, starting with a small move past the threshold. */
  async drag(node: Locator, dx: number, dy: number, grab = { x: 20, y: 12 }): Promise<void> {
    const box = (await node.boundingBox())!;
    const x = box.x + grab.x;
    const y = box.y + grab.y;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + 5, y + 5, { steps: 2 });
    await this.page.mouse.move(x + dx, y + dy, { steps: 12 });
    await this.page.mouse.up();
  }

  /** Drags a node so that its centre lands on the screen point (x, y). */
  async dragCenterTo(node: Locator, x: number, y: number): Promise<void> {
    const box = (await node.boundingBox())!;
    await this.drag(node, x - (box.x + box.width / 2), y - (box.y + box.height / 2));
  }

  /** Draws a flow with the mouse from one node's handle to another node. */
  async connectByMouse(from: Locator, to: Locator): Promise<void> {
    await from.hover();
    const start = (await from.locator('.react-flow__handle-right').boundingBox())!;
    await this.page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(start.x + 20, start.y + 10, { steps: 3 });
    // Released on the target's facing handle (within React Flow's connection radius).
    await to.hover();
    const end = (await to.locator('.react-flow__handle-left').boundingBox())!;
    await this.page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 12 });
    await this.page.mouse.up();
  }

  /** Connects two elements through the keyboard-friendly "Connect…" dialog. */
  async connectWithDialog(fromLabel: string, toLabel: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Connect…' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Connect elements with a data flow' });
    await pick(dialog.getByRole('combobox', { name: 'From' }), fromLabel);
    await pick(dialog.getByRole('combobox', { name: 'To' }), toLabel);
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(dialog).toBeHidden();
  }
}

/** Chooses an option of a Mantine Select by typing and picking it from the list. */
export async function pick(select: Locator, option: string): Promise<void> {
  await select.click();
  await select.fill(option);
  await select.page().getByRole('option', { name: option }).first().click();
}

/** Chooses an option of a Mantine Select that is not searchable, and checks it took. */
export async function choose(select: Locator, option: string): Promise<void> {
  await select.click();
  await select.page().getByRole('option', { name: option, exact: true }).click();
  await expect(select).toHaveValue(option);
}
