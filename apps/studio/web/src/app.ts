// tinyspark studio, the page: four pages over one board connection (the protocol client, relayed by
// the studio server) and the project folder (the server's JSON API, the CLI's code). Each page is
// its own module; this one assembles them and switches between them.
import './styles.css';
import { dataPage, initData, refreshDataset } from './data-page.js';
import { deployPage, initDeploy } from './deploy-page.js';
import { devicePage, initDevice, startDevice } from './device-page.js';
import { initTrain, refreshTrainAxes, trainPage } from './train-page.js';
import { $, showError } from './ui.js';

$('#pages').innerHTML = devicePage + dataPage + trainPage + deployPage;

for (const b of document.querySelectorAll<HTMLButtonElement>('nav button')) {
  b.addEventListener('click', () => {
    for (const o of document.querySelectorAll<HTMLButtonElement>('nav button')) o.removeAttribute('aria-current');
    b.setAttribute('aria-current', 'page');
    for (const p of document.querySelectorAll('section.page')) p.classList.toggle('active', p.id === `page-${b.dataset['page'] ?? ''}`);
    if (b.dataset['page'] === 'data') void refreshDataset();
    if (b.dataset['page'] === 'train') void refreshTrainAxes();
  });
}

initDevice();
initData();
initTrain();
initDeploy();

void startDevice().catch((err: unknown) => {
  showError($('#board-error'), err);
  $('#conn').textContent = 'no board';
});
